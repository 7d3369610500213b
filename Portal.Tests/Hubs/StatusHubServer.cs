using Portal.Tests.Support;

namespace Portal.Tests.Hubs;

/// <summary>The portal on a loopback port with API keys for Suppliers and Retailers, shared by a test class.</summary>
public sealed class StatusHubServer : IAsyncLifetime
{
    public PortalWebApp App { get; } = new();

    public Uri Address { get; private set; } = null!;

    public IServiceProvider Services => App.Services;

    public string SuppliersKey { get; private set; } = "";

    public string RetailersKey { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Address = App.StartOnLoopback();
        SuppliersKey = await Services.IssueKeyAsync("Parts supplier ERP", "suppliers");
        RetailersKey = await Services.IssueKeyAsync("Dealer management system", "retailers");
    }

    public async Task DisposeAsync() => await App.DisposeAsync();

    /// <summary>A fresh marker for a test's changes, e.g. "M3F2A9C1".</summary>
    public static string Marker() => "M" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
}
