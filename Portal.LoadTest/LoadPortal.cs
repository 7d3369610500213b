using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Portal.LoadTest;

/// <summary>
/// The whole portal, seeded with the demonstration estate, over SQLite in a temporary folder and
/// served by Kestrel on a free 127.0.0.1 port, inside this process so its memory can be measured.
/// </summary>
/// <param name="settings">Configuration for the run (the mail server, webhook addresses), over the defaults.</param>
internal sealed class LoadPortal(IReadOnlyDictionary<string, string>? settings = null) : WebApplicationFactory<Program>
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "portal-load-" + Guid.NewGuid().ToString("N"));

    public Uri StartOnLoopback()
    {
        UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        StartServer();
        return new Uri(Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single());
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("Portal:DataFolder", Path.Combine(_folder, "data"));
        builder.UseSetting("Portal:SeedDemoData", "true");
        builder.UseSetting("Portal:RequireTwoFactorForAdmins", "false");
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            builder.UseSetting(key, value);
        }

        // A line per connection would cost more than the connection and drown the figures.
        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean; a benchmark's figures matter more than its temporary folder.
        }
    }
}
