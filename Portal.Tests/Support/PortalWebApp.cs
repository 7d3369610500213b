using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Portal.Core.Domain;
using Portal.Core.Persistence;

namespace Portal.Tests.Support;

/// <summary>
/// The whole portal (Program) over a real SQLite file in a fresh temporary folder, seeded with
/// the demonstration estate: the file starts as a copy of one migrated and seeded once per test
/// run for the same settings (<see cref="DatabaseTemplates"/>). <see cref="StartOnLoopback"/> serves it with Kestrel on a free
/// 127.0.0.1 port for real clients and browsers.
/// </summary>
/// <remarks>
/// On PostgreSQL (settings with <c>Portal:Database:Provider</c> PostgreSQL and a connection string to the test
/// server, or test.sh's PostgreSQL pass) the database is made from a template the same way, unless it already
/// exists: several portals given the same connection string are nodes sharing one database.
/// </remarks>
public sealed class PortalWebApp(IReadOnlyDictionary<string, string?>? settings = null) : WebApplicationFactory<Program>
{
    /// <summary>The password every test account gets.</summary>
    public const string Password = "Test-Password-1234";

    private readonly string _folder = TestPortal.NewFolder();

    /// <summary>The database this portal made on the PostgreSQL test server for itself and drops when disposed.</summary>
    private string? _ownPostgreSqlDatabase;

    /// <summary>Everything the portal logged, for tests that read what it tells an operator.</summary>
    public CapturedLog Log { get; } = new();

    public string DataFolder => Path.Combine(_folder, "data");

    /// <summary>Every mail the portal sent (none leaves the test).</summary>
    public RecordingMail Mail { get; } = new();

    public T Get<T>()
        where T : notnull => Services.GetRequiredService<T>();

    /// <summary>A new context over the portal's database, for reading what a test's actions wrote.</summary>
    public PortalDbContext NewDbContext() => Get<IDbContextFactory<PortalDbContext>>().CreateDbContext();

    /// <summary>Starts Kestrel on 127.0.0.1 with a free port and returns the base address.</summary>
    public Uri StartOnLoopback()
    {
        UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new Uri(address);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("Portal:DataFolder", DataFolder);
        builder.UseSetting("Portal:SeedDemoData", "true");
        builder.UseSetting("Portal:RequireTwoFactorForAdmins", "false");
        if (PostgreSqlTestServer.IsProviderUnderTest && settings?.ContainsKey("Portal:Database:Provider") != true)
        {
            var own = _ownPostgreSqlDatabase = PostgreSqlTestServer.NewDatabaseName();
            builder.UseSetting("Portal:Database:Provider", nameof(Portal.Core.DatabaseProvider.PostgreSQL));
            builder.UseSetting($"ConnectionStrings:{PortalDatabase.ConnectionStringName}", PostgreSqlTestServer.ConnectionStringFor(own));
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.AddProvider(Log));
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<Portal.Web.Mail.IPortalMail>(Mail);

            // First of all hosted services, so the copy is in place before the initialiser opens the file.
            services.Insert(0, ServiceDescriptor.Singleton<IHostedService>(provider => new DatabaseFromTemplate(
                provider.GetRequiredService<IConfiguration>(), provider.GetRequiredService<TimeProvider>(),
                provider.GetRequiredService<PortalDatabase>(), Path.Combine(DataFolder, "portal.db"))));
        });
    }

    /// <summary>Creates a staff account (or, with no roles, a plain signed-in person) with <see cref="Password"/>.</summary>
    public async Task<PortalUser> CreatePersonAsync(string email, params string[] roles)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var person = new PortalUser(email, email.Split('@')[0], DateTimeOffset.UtcNow);
        Check(await users.CreateAsync(person, Password));
        if (roles.Length > 0)
        {
            Check(await users.AddToRolesAsync(person, roles));
        }

        return person;
    }

    /// <summary>Creates a confirmed viewer account that is a member of <paramref name="audiences"/> and holds no console role.</summary>
    public async Task<PortalUser> CreateViewerAsync(string email, params string[] audiences)
    {
        var person = await CreatePersonAsync(email);
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var stored = await users.FindByIdAsync(person.Id) ?? throw new InvalidOperationException($"{email} vanished.");
        Check(await users.AddClaimsAsync(stored, audiences.Select(a => new Claim(AudienceMembership.ClaimType, a))));
        return stored;
    }

    /// <summary>A client that keeps cookies and does not follow redirects, signed in as <paramref name="email"/>.</summary>
    public async Task<HttpClient> SignedInClientAsync(string email, string password = Password)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var response = await Forms.PostAsync(client, "/account/login", "login", new()
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Signing in as {email} answered {(int)response.StatusCode}.");
        }

        return client;
    }

    public HttpClient AnonymousClient() =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>Copies the template into the test's own data folder when the portal would start there on no database.</summary>
    private sealed class DatabaseFromTemplate(IConfiguration configuration, TimeProvider clock, PortalDatabase database, string ownFile)
        : IHostedLifecycleService
    {
        public async Task StartingAsync(CancellationToken cancellationToken)
        {
            if (database.IsPostgreSql)
            {
                var name = new Npgsql.NpgsqlConnectionStringBuilder(database.ConnectionString).Database!;
                await PostgreSqlTestServer.CreateIfMissingAsync(configuration, clock, name);
            }
            else if (database.FilePath == ownFile && !File.Exists(ownFile))
            {
                await DatabaseTemplates.CopyToAsync(configuration, clock, ownFile);
            }
        }

        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (_ownPostgreSqlDatabase is { } own)
        {
            await PostgreSqlTestServer.DropAsync(own);
        }

        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean; never fail a test over a temporary folder.
        }
    }
}
