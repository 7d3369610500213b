using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Portal.Core;
using Portal.Core.Persistence;

namespace Portal.Tests.Support;

/// <summary>
/// The throwaway PostgreSQL server that test.sh starts (<c>scripts/test-postgres.sh</c>) and names in
/// <c>PORTAL_TEST_POSTGRES</c>. Setting <c>PORTAL_TEST_DATABASE=PostgreSQL</c> as well runs
/// <see cref="TestPortal"/> and <see cref="PortalWebApp"/> on it instead of SQLite (test.sh's second pass).
/// Like <see cref="DatabaseTemplates"/>, each distinct start-up migrates and seeds once per test run, into a
/// template database; every test gets its own <c>CREATE DATABASE … TEMPLATE</c> copy, dropped at its end.
/// </summary>
internal static class PostgreSqlTestServer
{
    public const string ServerVariable = "PORTAL_TEST_POSTGRES";
    public const string ProviderVariable = "PORTAL_TEST_DATABASE";

    private static readonly ConcurrentDictionary<string, Lazy<Task<string>>> Templates = new(StringComparer.Ordinal);
    private static readonly SemaphoreSlim Copying = new(1, 1);
    private static readonly SemaphoreSlim Creating = new(1, 1);

    /// <summary>Whether this test run puts the portal on PostgreSQL rather than SQLite.</summary>
    public static bool IsProviderUnderTest =>
        string.Equals(Environment.GetEnvironmentVariable(ProviderVariable), nameof(DatabaseProvider.PostgreSQL), StringComparison.OrdinalIgnoreCase);

    /// <summary>A connection string to the server's own <c>postgres</c> database.</summary>
    public static string AdminConnectionString =>
        Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } server
            ? server
            : throw new InvalidOperationException(
                $"{ServerVariable} is not set: these tests need a PostgreSQL server. Run them through ./test.sh, which starts one (scripts/test-postgres.sh).");

    /// <summary>The connection string of database <paramref name="name"/> on the test server.</summary>
    public static string ConnectionStringFor(string name) =>
        new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name }.ConnectionString;

    public static string NewDatabaseName() => $"portal_test_{Guid.NewGuid():N}";

    /// <summary>
    /// Creates database <paramref name="name"/> as a copy of the one Portal.Core's initialiser makes from
    /// <paramref name="configuration"/> at <paramref name="clock"/>'s now, making that template first if needed.
    /// </summary>
    public static async Task CreateFromTemplateAsync(IConfiguration configuration, TimeProvider clock, string name)
    {
        var key = DatabaseTemplates.KeyOf(configuration, clock);
        var template = await Templates.GetOrAdd(key, _ => new Lazy<Task<string>>(() => BuildTemplateAsync(key, configuration, clock))).Value;

        // Copying needs the template to have no other session; one copy at a time keeps that simple.
        await Copying.WaitAsync();
        try
        {
            await ExecuteAsync($"CREATE DATABASE \"{name}\" TEMPLATE \"{template}\"");
        }
        finally
        {
            Copying.Release();
        }
    }

    /// <summary>Creates <paramref name="name"/> from the template unless it exists: the first of several nodes sharing it makes it.</summary>
    public static async Task CreateIfMissingAsync(IConfiguration configuration, TimeProvider clock, string name)
    {
        await Creating.WaitAsync();
        try
        {
            if (!await ExistsAsync(name))
            {
                await CreateFromTemplateAsync(configuration, clock, name);
            }
        }
        finally
        {
            Creating.Release();
        }
    }

    /// <summary>Closes this process's pooled connections to <paramref name="name"/> and drops it with any session still open.</summary>
    public static async Task DropAsync(string name)
    {
        NpgsqlConnection.ClearPool(new NpgsqlConnection(ConnectionStringFor(name)));
        await ExecuteAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
    }

    public static async Task<bool> ExistsAsync(string name)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        command.Parameters.AddWithValue("name", name);
        return await command.ExecuteScalarAsync() is not null;
    }

    private static async Task<string> BuildTemplateAsync(string key, IConfiguration configuration, TimeProvider clock)
    {
        var name = $"portal_template_{Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..16].ToLowerInvariant()}";
        await ExecuteAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
        var folder = TestPortal.NewFolder();
        var here = new ConfigurationBuilder().AddConfiguration(configuration).AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{PortalOptions.Section}:{nameof(PortalOptions.DataFolder)}"] = Path.Combine(folder, "data"),
            [$"ConnectionStrings:{PortalDatabase.ConnectionStringName}"] = ConnectionStringFor(name),
        }).Build();
        var database = PortalDatabase.From(here, folder);
        await using (var services = new ServiceCollection().AddLogging().AddPortalCore(here, database).AddSingleton(clock).BuildServiceProvider())
        {
            foreach (var hosted in services.GetServices<IHostedService>().OfType<IHostedLifecycleService>())
            {
                await hosted.StartingAsync(CancellationToken.None);
            }
        }

        NpgsqlConnection.ClearPool(new NpgsqlConnection(database.ConnectionString));
        TestPortal.DeleteFolder(folder);
        return name;
    }

    private static async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
