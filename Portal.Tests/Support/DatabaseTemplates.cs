using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Portal.Core;
using Portal.Core.Persistence;

namespace Portal.Tests.Support;

/// <summary>
/// Migrating and seeding a database takes far longer than copying one, so each distinct start-up
/// (the same <c>Portal</c> settings and the same clock) migrates and seeds once per test run into a
/// template file, and every test gets its own copy of that file in its own folder. The portal's
/// initialiser still runs on the copy when the test starts the portal; it finds nothing left to do.
/// </summary>
internal static class DatabaseTemplates
{
    private static readonly string Root = CreateRoot();
    private static readonly ConcurrentDictionary<string, Lazy<Task<string>>> Templates = new(StringComparer.Ordinal);

    /// <summary>
    /// Puts at <paramref name="databaseFile"/> a copy of the database that Portal.Core's initialiser
    /// makes from <paramref name="configuration"/> at <paramref name="clock"/>'s now, first making the
    /// template if this test run has not yet.
    /// </summary>
    public static async Task CopyToAsync(IConfiguration configuration, TimeProvider clock, string databaseFile)
    {
        var key = KeyOf(configuration, clock);
        var template = await Templates.GetOrAdd(key, _ => new Lazy<Task<string>>(() => BuildAsync(key, configuration, clock))).Value;
        Directory.CreateDirectory(Path.GetDirectoryName(databaseFile)!);
        File.Copy(template, databaseFile);
    }

    /// <summary>
    /// Everything that shapes what the initialiser writes: the <c>Portal</c> settings (but where the
    /// file lives) and the seeding time, which for the real clock is its day (the demonstration
    /// estate is laid out by days), for a fake clock its exact now.
    /// </summary>
    internal static string KeyOf(IConfiguration configuration, TimeProvider clock)
    {
        var settings = configuration.GetSection(PortalOptions.Section).AsEnumerable()
            .Where(s => s.Value is not null && s.Key != $"{PortalOptions.Section}:{nameof(PortalOptions.DataFolder)}")
            .OrderBy(s => s.Key, StringComparer.Ordinal)
            .Select(s => $"{s.Key}={s.Value}");
        var now = clock == TimeProvider.System ? clock.GetUtcNow().ToString("yyyy-MM-dd") : clock.GetUtcNow().ToString("O");
        return string.Join('\n', settings.Prepend(now));
    }

    private static async Task<string> BuildAsync(string key, IConfiguration configuration, TimeProvider clock)
    {
        var folder = Path.Combine(Root, Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..16]);
        var here = new ConfigurationBuilder().AddConfiguration(configuration).AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{PortalOptions.Section}:{nameof(PortalOptions.DataFolder)}"] = Path.Combine(folder, "data"),
            [$"ConnectionStrings:{PortalDatabase.ConnectionStringName}"] = "",
        }).Build();
        var database = PortalDatabase.From(here, folder);
        database.EnsureUsable();
        await using (var services = new ServiceCollection().AddLogging().AddPortalCore(here, database).AddSingleton(clock).BuildServiceProvider())
        {
            foreach (var hosted in services.GetServices<IHostedService>().OfType<IHostedLifecycleService>())
            {
                await hosted.StartingAsync(CancellationToken.None);
            }
        }

        SqliteConnection.ClearAllPools();

        // Everything written must be in the main file before it is copied: move the WAL into it and empty it.
        await using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database.FilePath, Pooling = false }.ToString()))
        {
            await connection.OpenAsync();
            await using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            await using var result = await checkpoint.ExecuteReaderAsync();
            if (!await result.ReadAsync() || result.GetInt32(0) != 0)
            {
                throw new InvalidOperationException($"The template database {database.FilePath} is still in use; it cannot be copied safely.");
            }
        }

        return database.FilePath;
    }

    private static string CreateRoot()
    {
        var root = Directory.CreateTempSubdirectory("portal-test-templates-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => TestPortal.DeleteFolder(root);
        return root;
    }
}
