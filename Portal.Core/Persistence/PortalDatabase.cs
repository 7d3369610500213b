using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Portal.Core.Persistence;

/// <summary>
/// Where the portal's database is (a SQLite file, or a PostgreSQL server when <c>Portal:Database:Provider</c>
/// is <c>PostgreSQL</c>), and a check that it can be used before anything starts.
/// </summary>
public sealed record PortalDatabase(string ConnectionString, string FilePath)
{
    public const string ConnectionStringName = "Portal";

    /// <summary>The engine; <see cref="FilePath"/> is empty for PostgreSQL.</summary>
    public DatabaseProvider Provider { get; init; } = DatabaseProvider.Sqlite;

    /// <summary>The folder for files beside the data (mail pickup, SQLite's data-protection keys).</summary>
    public string DataFolder { get; init; } = Path.GetDirectoryName(FilePath) ?? "";

    public bool IsPostgreSql => Provider == DatabaseProvider.PostgreSQL;

    /// <summary>
    /// For SQLite, <c>ConnectionStrings:Portal</c> when set; otherwise <c>portal.db</c> in <c>Portal:DataFolder</c>
    /// (relative to <paramref name="contentRoot"/>). For PostgreSQL, <c>ConnectionStrings:Portal</c>, which must be set.
    /// </summary>
    public static PortalDatabase From(IConfiguration configuration, string contentRoot)
    {
        var options = PortalOptions.From(configuration);
        var configured = configuration.GetConnectionString(ConnectionStringName);
        if (options.Database.Provider == DatabaseProvider.PostgreSQL)
        {
            if (string.IsNullOrWhiteSpace(configured))
            {
                throw new PortalStartupException(
                    "Portal:Database:Provider is PostgreSQL but ConnectionStrings:Portal is not set. Set it to the server's connection string, e.g. Host=db;Database=portal;Username=portal;Password=….");
            }

            NpgsqlConnectionStringBuilder builder;
            try
            {
                builder = new NpgsqlConnectionStringBuilder(configured);
            }
            catch (ArgumentException exception)
            {
                throw new PortalStartupException($"ConnectionStrings:Portal is not a PostgreSQL connection string: {exception.Message}");
            }

            return new PortalDatabase(builder.ConnectionString, "")
            {
                Provider = DatabaseProvider.PostgreSQL,
                DataFolder = Path.GetFullPath(options.DataFolder, contentRoot),
            };
        }

        if (!string.IsNullOrWhiteSpace(configured))
        {
            var builder = new SqliteConnectionStringBuilder(configured);
            return new PortalDatabase(builder.ToString(), Path.GetFullPath(builder.DataSource, contentRoot));
        }

        var folder = options.DataFolder;
        var file = Path.Combine(Path.GetFullPath(folder, contentRoot), "portal.db");
        var connection = new SqliteConnectionStringBuilder { DataSource = file, Cache = SqliteCacheMode.Private, Pooling = true };
        return new PortalDatabase(connection.ToString(), file);
    }

    /// <summary>
    /// Makes sure the data folder exists and is writable and that an existing database file is a
    /// readable SQLite database. Throws <see cref="PortalStartupException"/> with one clear line otherwise.
    /// </summary>
    public void EnsureUsable()
    {
        if (IsPostgreSql)
        {
            EnsureServerAnswers();
            return;
        }

        if (IsInMemory)
        {
            return;
        }

        var folder = Path.GetDirectoryName(FilePath)!;
        try
        {
            Directory.CreateDirectory(folder);
            var probe = Path.Combine(folder, $".write-test-{Environment.ProcessId}");
            File.WriteAllText(probe, "");
            File.Delete(probe);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new PortalStartupException(
                $"The data folder '{folder}' is not writable: {exception.Message} Set Portal:DataFolder to a writable folder.");
        }

        if (!File.Exists(FilePath))
        {
            return;
        }

        try
        {
            using var connection = new SqliteConnection(ConnectionString);
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA schema_version;";
            command.ExecuteScalar();
        }
        catch (SqliteException exception)
        {
            throw new PortalStartupException(
                $"The database '{FilePath}' cannot be read: {exception.Message.TrimEnd('.')}. Restore it from a backup or move it aside to start afresh.");
        }
        finally
        {
            SqliteConnection.ClearAllPools();
        }
    }

    /// <summary>Points <paramref name="options"/> at this database, with the provider's own migrations.</summary>
    public DbContextOptionsBuilder Configure(DbContextOptionsBuilder options) => IsPostgreSql
        ? options.UseNpgsql(ConnectionString, npgsql => npgsql.MigrationsAssembly(PortalDbContext.PostgreSqlMigrationsAssembly))
        : options.UseSqlite(ConnectionString);

    private void EnsureServerAnswers()
    {
        var builder = new NpgsqlConnectionStringBuilder(ConnectionString);
        try
        {
            using var connection = new NpgsqlConnection(ConnectionString);
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            command.ExecuteScalar();
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
            // The database does not exist yet: the migrations create it on the server that answered.
        }
        catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException)
        {
            throw new PortalStartupException(
                $"The PostgreSQL database '{builder.Database}' on '{builder.Host}:{builder.Port}' cannot be used: {exception.Message.TrimEnd('.')}. Check ConnectionStrings:Portal and that the server runs.");
        }
    }

    private bool IsInMemory =>
        FilePath.EndsWith(":memory:", StringComparison.Ordinal) || ConnectionString.Contains("Mode=Memory", StringComparison.OrdinalIgnoreCase);
}
