using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Portal.Core.Domain;
using Portal.Core.Features.Systems;
using Portal.Tests.Support;

namespace Portal.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed partial class LiveIndicatorTests(BrowserFixture browser) : IAsyncLifetime
{
    // Keeps every WebSocket the page opens, so the test can drop the page's server connection.
    private const string TrackSockets = """
        window.__sockets = [];
        window.WebSocket = class extends window.WebSocket {
            constructor(...args) { super(...args); window.__sockets.push(this); }
        };
        """;

    private const string ViewerEmail = "viewer@example.com";

    private static readonly LocatorAssertionsToHaveAttributeOptions Patiently = new() { Timeout = 30_000 };

    private readonly PortalWebApp _app = new();
    private Uri _address = null!;
    private IBrowserContext _context = null!;
    private volatile bool _serverUnreachable;

    public async Task InitializeAsync()
    {
        _address = _app.StartOnLoopback();
        await _app.CreateViewerAsync(ViewerEmail, "colleagues");
        _context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = _address.ToString() });
        await _context.AddInitScriptAsync(TrackSockets);

        // While "unreachable", attempts to reconnect (the circuit's or the status hub's) fail at their first request.
        await _context.RouteAsync(Negotiate(), route => _serverUnreachable ? route.AbortAsync() : route.ContinueAsync());
    }

    public async Task DisposeAsync()
    {
        await _context.DisposeAsync();
        await _app.DisposeAsync();
    }

    // An anonymous board is static HTML kept live by the status hub; a signed-in viewer's is a circuit.
    [Theory]
    [InlineData(false, "/hubs/status")]
    [InlineData(true, "/_blazor")]
    public async Task ShowsReconnectingWhileTheConnectionIsDownAndCatchesUpAfterwards(bool signedIn, string connectionPath)
    {
        var page = await _context.NewPageAsync();
        if (signedIn)
        {
            await page.GotoAsync("/account/login?returnUrl=%2F");
            await page.FillAsync("#email", ViewerEmail);
            await page.FillAsync("#password", PortalWebApp.Password);
            await page.ClickAsync(".account-card button[type=submit]");
            await Assertions.Expect(page.Locator(".appbar-user")).ToBeVisibleAsync();
        }
        else
        {
            await page.GotoAsync("/");
        }

        await Assertions.Expect(page.Locator(".board[data-live=on]")).ToBeVisibleAsync();
        var indicator = page.Locator("#components-reconnect-modal");
        await Assertions.Expect(indicator).ToHaveAttributeAsync("data-state", "live");
        await Assertions.Expect(indicator.Locator(".live-text")).ToHaveTextAsync("Live");
        await Assertions.Expect(indicator).ToHaveAttributeAsync("role", "status");
        await Assertions.Expect(indicator).ToHaveAttributeAsync("aria-live", "polite");
        var partsStatus = page.Locator("[data-system='global-parts-logistics'] .status-chip");
        await Assertions.Expect(partsStatus).ToHaveTextAsync("Degraded");
        await page.EvaluateAsync("() => window.__sameDocument = true");

        _serverUnreachable = true;
        var closed = await page.EvaluateAsync<int>(
            "path => { const open = window.__sockets.filter(s => new URL(s.url).pathname === path && s.readyState === WebSocket.OPEN); open.forEach(s => s.close(4000, 'test')); return open.length; }",
            connectionPath);
        Assert.Equal(1, closed);
        await Assertions.Expect(indicator).ToHaveAttributeAsync("data-state", "reconnecting", Patiently);
        await Assertions.Expect(indicator.Locator(".live-text")).ToHaveTextAsync("Reconnecting…");

        await _app.Get<ChangeSystemStatus>().HandleAsync(
            new ChangeSystemStatusRequest("global-parts-logistics", SystemStatus.Operational, "Deliveries on time again"),
            new Actor("operator", null, PortalRoles.Operator));
        _serverUnreachable = false;

        await Assertions.Expect(indicator).ToHaveAttributeAsync("data-state", "live", Patiently);
        await Assertions.Expect(partsStatus).ToHaveTextAsync("Operational");
        await Assertions.Expect(page.Locator(".board[data-live=on]")).ToBeVisibleAsync();

        // Still saying so once the page has caught up (a static page's refresh merges in the server's markup).
        await Assertions.Expect(indicator).ToHaveAttributeAsync("data-state", "live");
        await Assertions.Expect(indicator.Locator(".live-text")).ToHaveTextAsync("Live");
        Assert.True(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"));
    }

    [GeneratedRegex("/(_blazor|hubs/status)/negotiate")]
    private static partial Regex Negotiate();
}
