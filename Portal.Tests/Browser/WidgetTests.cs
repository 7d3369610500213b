using Microsoft.Playwright;
using Portal.Core.Domain;
using Portal.Core.Features.Board;
using Portal.Core.Features.Systems;
using Portal.Tests.Support;

namespace Portal.Tests.Browser;

/// <summary>The embeddable /widget.js on a page of another site, kept live through the hub.</summary>
[Collection(BrowserCollection.Name)]
public sealed class WidgetTests(BrowserFixture browser) : IAsyncLifetime
{
    private readonly PortalWebApp _app = new();
    private Uri _address = null!;
    private IBrowserContext _context = null!;

    public async Task InitializeAsync()
    {
        _address = _app.StartOnLoopback();
        _context = await browser.Browser.NewContextAsync();
    }

    public async Task DisposeAsync()
    {
        await _context.DisposeAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task ShowsTheOverallStatusAndLatestStatementAndStaysLive()
    {
        var page = await _context.NewPageAsync();
        await page.SetContentAsync($"""
            <!DOCTYPE html><html><body><h1>A retailer's site</h1>
            <script src="{_address}widget.js" data-audience="public"></script>
            </body></html>
            """);

        var widget = page.Locator(".estate-status-widget");
        await Assertions.Expect(widget.Locator(".live")).ToHaveTextAsync("Live", new() { Timeout = 30_000 });
        await Assertions.Expect(widget.Locator(".overall-text")).ToHaveTextAsync("Overall: Offline");
        await Assertions.Expect(widget.Locator(".dot")).ToHaveCSSAsync("background-color", CssColour(SystemStatus.Offline));
        await Assertions.Expect(widget.Locator(".statement-link")).Not.ToBeEmptyAsync();
        Assert.StartsWith($"{_address}statements/", await widget.Locator(".statement-link").GetAttributeAsync("href"), StringComparison.Ordinal);

        // Every system the public sees comes back: the widget follows without a reload.
        var board = await _app.Get<GetStatusBoard>().HandleAsync(Viewer.Anonymous);
        foreach (var system in board.Groups.SelectMany(g => g.Systems).Where(s => s.Status != SystemStatus.Operational))
        {
            await _app.Get<ChangeSystemStatus>().HandleAsync(
                new ChangeSystemStatusRequest(system.Slug, SystemStatus.Operational, "Back"), Actors.Operator);
        }

        await Assertions.Expect(widget.Locator(".overall-text")).ToHaveTextAsync("Overall: Operational", new() { Timeout = 30_000 });
        await Assertions.Expect(widget.Locator(".dot")).ToHaveCSSAsync("background-color", CssColour(SystemStatus.Operational));
    }

    /// <summary>The status's colour as the browser reports a computed colour, e.g. "rgb(185, 28, 28)".</summary>
    private static string CssColour(SystemStatus status)
    {
        var hex = Convert.FromHexString(status.Appearance().Colour.TrimStart('#'));
        return $"rgb({hex[0]}, {hex[1]}, {hex[2]})";
    }
}
