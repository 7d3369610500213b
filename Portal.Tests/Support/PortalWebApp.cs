using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Portal.Tests.Support;

/// <summary>
/// The whole portal (Program) over a real SQLite file in a fresh temporary folder, seeded with
/// the demonstration estate. <see cref="StartOnLoopback"/> serves it with Kestrel on a free
/// 127.0.0.1 port for real clients and browsers.
/// </summary>
public sealed class PortalWebApp : WebApplicationFactory<Program>
{
    private readonly string _folder = TestPortal.NewFolder();

    public string DataFolder => Path.Combine(_folder, "data");

    public T Get<T>()
        where T : notnull => Services.GetRequiredService<T>();

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
            // Left for the OS to clean; never fail a test over a temporary folder.
        }
    }
}
