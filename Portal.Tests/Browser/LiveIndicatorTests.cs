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

    private static readonly LocatorAssertionsToHaveAttributeOptions Patiently = new() { Timeout = 30_000 };

    private readonly PortalWebApp _app = new();
    private Uri _address = null!;
    private IBrowserContext _context = null!;
    private volatile bool _serverUnreachable;

    public async Task InitializeAsync()
    {
        _address = _app.StartOnLoopback();
        _context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = _address.ToString() });
        await _context.AddInitScriptAsync(TrackSockets);

        // While "unreachable", Blazor's attempts to reconnect fail at their first request.
        await _context.RouteAsync(BlazorNegotiate(), route => _serverUnreachable ? route.AbortAsync() : route.ContinueAsync());
    }

    public async Task DisposeAsync()
    {
        await _context.DisposeAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task ShowsReconnectingWhileTheConnectionIsDownAndCatchesUpAfterwards()
    {
        var page = await _context.NewPageAsync();
        await page.GotoAsync("/");
        await Assertions.Expect(page.Locator(".board[data-live=on]")).ToBeVisibleAsync();
        var indicator = page.Locator("#components-reconnect-modal");
        await Assertions.Expect(indicator).ToHaveAttributeAsync("data-state", "live");
        await Assertions.Expect(indicator.Locator(".live-text")).ToHaveTextAsync("Live");
        await Assertions.Expect(indicator).ToHaveAttributeAsync("role", "status");
        var partsStatus = page.Locator("[data-system='global-parts-logistics'] .status-chip");
        await Assertions.Expect(partsStatus).ToHaveTextAsync("Degraded");
        await page.EvaluateAsync("() => window.__sameDocument = true");

        _serverUnreachable = true;
        await page.EvaluateAsync("() => window.__sockets.filter(s => s.url.includes('/_blazor')).forEach(s => s.close(4000, 'test'))");
        await Assertions.Expect(indicator).ToHaveAttributeAsync("data-state", "reconnecting", Patiently);
        await Assertions.Expect(indicator.Locator(".live-text")).ToHaveTextAsync("Reconnecting…");

        await _app.Get<ChangeSystemStatus>().HandleAsync(
            new ChangeSystemStatusRequest("global-parts-logistics", SystemStatus.Operational, "Deliveries on time again"),
            new Actor("operator", null, PortalRoles.Operator));
        _serverUnreachable = false;

        await Assertions.Expect(indicator).ToHaveAttributeAsync("data-state", "live", Patiently);
        await Assertions.Expect(partsStatus).ToHaveTextAsync("Operational");
        Assert.True(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"));
    }

    [GeneratedRegex("/_blazor/negotiate")]
    private static partial Regex BlazorNegotiate();
}
