using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;

namespace Portal.Core.Persistence;

/// <summary>Where the portal's SQLite database is, and a check that it can be used before anything starts.</summary>
public sealed record PortalDatabase(string ConnectionString, string FilePath)
{
    public const string ConnectionStringName = "Portal";

    /// <summary>
    /// <c>ConnectionStrings:Portal</c> when set; otherwise <c>portal.db</c> in <c>Portal:DataFolder</c>
    /// (relative to <paramref name="contentRoot"/>).
    /// </summary>
    public static PortalDatabase From(IConfiguration configuration, string contentRoot)
    {
        var configured = configuration.GetConnectionString(ConnectionStringName);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            var builder = new SqliteConnectionStringBuilder(configured);
            return new PortalDatabase(builder.ToString(), Path.GetFullPath(builder.DataSource, contentRoot));
        }

        var folder = PortalOptions.From(configuration).DataFolder;
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

    private bool IsInMemory =>
        FilePath.EndsWith(":memory:", StringComparison.Ordinal) || ConnectionString.Contains("Mode=Memory", StringComparison.OrdinalIgnoreCase);
}
