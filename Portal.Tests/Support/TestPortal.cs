using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Portal.Core;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Persistence;

namespace Portal.Tests.Support;

/// <summary>
/// Portal.Core wired as the host wires it, over a real SQLite file in a fresh temporary folder (or, in
/// test.sh's PostgreSQL pass, a database of its own on the test server, see <see cref="PostgreSqlTestServer"/>),
/// started through the same initialiser (migrations, audiences, optional demonstration estate).
/// In a fresh folder the file starts as a copy of one migrated and seeded once per test run
/// (<see cref="DatabaseTemplates"/>).
/// Time is a <see cref="FakeTimeProvider"/> that tests move on explicitly.
/// </summary>
public sealed class TestPortal : IAsyncDisposable
{
    /// <summary>A fixed "now" for the demonstration estate: a Thursday morning, 09:30 UTC.</summary>
    public static readonly DateTimeOffset DemoNow = new(2026, 11, 26, 9, 30, 0, TimeSpan.Zero);

    private readonly bool _ownsFolder;

    private TestPortal(string folder, bool ownsFolder, ServiceProvider services, FakeTimeProvider clock)
    {
        Folder = folder;
        _ownsFolder = ownsFolder;
        Services = services;
        Clock = clock;
    }

    public string Folder { get; }

    public ServiceProvider Services { get; }

    public FakeTimeProvider Clock { get; }

    /// <summary>The PostgreSQL database this portal owns and drops on dispose (test.sh's PostgreSQL pass), or null.</summary>
    private string? PostgreSqlDatabase { get; init; }

    public PortalEventStream Events => Services.GetRequiredService<PortalEventStream>();

    /// <param name="folder">
    /// An existing folder to start in (to test a restart, or a first start on no database); the caller removes it.
    /// Otherwise a new one holding a copy of the migrated and seeded template, removed on dispose.
    /// </param>
    /// <param name="configure">Services the host would add that a test needs (Identity, for account use cases).</param>
    /// <param name="sharedPostgreSqlDatabase">
    /// A database on the PostgreSQL test server to start on whatever the pass, made from the template if it does not
    /// exist yet: portals given the same name are nodes of one cluster. The caller drops it (<see cref="PostgreSqlTestServer.DropAsync"/>).
    /// </param>
    /// <param name="settings">Further settings (for example <c>Portal:Consumers:NodeId</c>).</param>
    public static async Task<TestPortal> StartAsync(bool seedDemoData = true, string? folder = null, Action<IServiceCollection>? configure = null,
        string? sharedPostgreSqlDatabase = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var ownsFolder = folder is null;
        folder ??= NewFolder();
        var configuration = PortalConfiguration(folder, seedDemoData);
        var clock = new FakeTimeProvider(DemoNow);
        if (settings is not null)
        {
            configuration = new ConfigurationBuilder().AddConfiguration(configuration).AddInMemoryCollection(settings).Build();
        }

        string? postgreSqlDatabase = null;
        if (sharedPostgreSqlDatabase is not null)
        {
            configuration = OnPostgreSql(configuration, sharedPostgreSqlDatabase);
            await PostgreSqlTestServer.CreateIfMissingAsync(configuration, clock, sharedPostgreSqlDatabase);
        }
        else if (PostgreSqlTestServer.IsProviderUnderTest)
        {
            // A folder of its own is a database of its own; a folder given again (a restart) is the same database.
            postgreSqlDatabase = ownsFolder
                ? PostgreSqlTestServer.NewDatabaseName()
                : $"portal_test_{Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(folder)))[..24].ToLowerInvariant()}";
            configuration = OnPostgreSql(configuration, postgreSqlDatabase);
            if (ownsFolder)
            {
                await PostgreSqlTestServer.CreateFromTemplateAsync(configuration, clock, postgreSqlDatabase);
            }
        }

        var database = PortalDatabase.From(configuration, folder);
        if (ownsFolder && !database.IsPostgreSql)
        {
            await DatabaseTemplates.CopyToAsync(configuration, clock, database.FilePath);
        }

        database.EnsureUsable();
        IServiceCollection services = new ServiceCollection()
            .AddLogging()
            .AddPortalCore(configuration, database)
            .AddSingleton<TimeProvider>(clock);
        configure?.Invoke(services);
        var provider = services.BuildServiceProvider();

        foreach (var hosted in provider.GetServices<IHostedService>().OfType<IHostedLifecycleService>())
        {
            await hosted.StartingAsync(CancellationToken.None);
        }

        return new TestPortal(folder, ownsFolder, provider, clock) { PostgreSqlDatabase = ownsFolder ? postgreSqlDatabase : null };
    }

    /// <summary><paramref name="configuration"/> with the portal on database <paramref name="name"/> of the PostgreSQL test server.</summary>
    public static IConfiguration OnPostgreSql(IConfiguration configuration, string name) =>
        new ConfigurationBuilder().AddConfiguration(configuration).AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Portal:Database:Provider"] = nameof(DatabaseProvider.PostgreSQL),
            [$"ConnectionStrings:{PortalDatabase.ConnectionStringName}"] = PostgreSqlTestServer.ConnectionStringFor(name),
        }).Build();

    public T Get<T>()
        where T : notnull => Services.GetRequiredService<T>();

    public PortalDbContext NewDbContext() => Get<IDbContextFactory<PortalDbContext>>().CreateDbContext();

    /// <summary>The events and audit entries written since seeding (which writes neither), read through a new context.</summary>
    public async Task<(List<PortalEvent> Events, List<AuditEntry> Audit)> RecordedAsync()
    {
        await using var db = NewDbContext();
        return (await db.PortalEvents.OrderBy(e => e.Sequence).ToListAsync(), await db.AuditEntries.OrderBy(a => a.Id).ToListAsync());
    }

    /// <summary>Asserts that nothing was committed: no event and no audit entry.</summary>
    public async Task AssertNothingRecordedAsync()
    {
        var (events, audit) = await RecordedAsync();
        Assert.Empty(events);
        Assert.Empty(audit);
    }

    public static string NewFolder() =>
        Directory.CreateTempSubdirectory("portal-tests-").FullName;

    public static IConfiguration PortalConfiguration(string folder, bool seedDemoData) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Portal:DataFolder"] = Path.Combine(folder, "data"),
            ["Portal:SeedDemoData"] = seedDemoData.ToString(),
            ["Portal:Audiences:colleagues"] = "Colleagues",
            ["Portal:Audiences:suppliers"] = "Suppliers",
            ["Portal:Audiences:retailers"] = "Retailers",
        }).Build();

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (PostgreSqlDatabase is { } name)
        {
            await PostgreSqlTestServer.DropAsync(name);
        }

        if (_ownsFolder)
        {
            DeleteFolder(Folder);
        }
    }

    public static void DeleteFolder(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open on a slow machine; the temporary folder is cleaned by the OS.
        }
    }
}
