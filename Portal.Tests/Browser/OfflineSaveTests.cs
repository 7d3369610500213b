using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Portal.Core.Domain;
using Portal.Tests.Support;

namespace Portal.Tests.Browser;

/// <summary>Pressing Save while the page's connection is down: the page stays, with the operator's text.</summary>
[Collection(BrowserCollection.Name)]
public sealed partial class OfflineSaveTests(BrowserFixture browser) : IAsyncLifetime
{
    // Keeps every WebSocket the page opens, so the test can drop the page's server connection.
    private const string TrackSockets = """
        window.__sockets = [];
        window.WebSocket = class extends window.WebSocket {
            constructor(...args) { super(...args); window.__sockets.push(this); }
        };
        """;

    private const string Reason = "Payroll servers rebooting after the restore";

    private static readonly LocatorAssertionsToHaveAttributeOptions Patiently = new() { Timeout = 30_000 };

    private readonly PortalWebApp _app = new();
    private readonly List<string> _documentRequests = [];
    private Uri _address = null!;
    private IBrowserContext _context = null!;
    private volatile bool _serverUnreachable;

    public async Task InitializeAsync()
    {
        _address = _app.StartOnLoopback();
        await _app.CreatePersonAsync("operator@example.com", PortalRoles.Operator);
        _context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = _address.ToString() });
        await _context.AddInitScriptAsync(TrackSockets);

        // While "unreachable", the server refuses everything: the circuit's reconnection and any page the browser asks for.
        await _context.RouteAsync("**/*", async route =>
        {
            if (route.Request.IsNavigationRequest)
            {
                lock (_documentRequests)
                {
                    _documentRequests.Add($"{route.Request.Method} {route.Request.Url}");
                }
            }

            if (_serverUnreachable)
            {
                await route.AbortAsync("connectionrefused");
            }
            else
            {
                await route.ContinueAsync();
            }
        });
    }

    public async Task DisposeAsync()
    {
        await _context.DisposeAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task SaveWhileDisconnectedNeitherSubmitsNorLosesTheTextAndWorksOnceReconnected()
    {
        var page = await _context.NewPageAsync();
        await page.GotoAsync("/account/login?returnUrl=%2Fadmin%2Fstatus");
        await page.FillAsync("#email", "operator@example.com");
        await page.FillAsync("#password", PortalWebApp.Password);
        await page.ClickAsync(".account-card button[type=submit]");
        await Assertions.Expect(page.Locator(".console[data-interactive=on]")).ToBeVisibleAsync();
        await page.Locator("[data-system=payroll] [data-testid=change-status]").ClickAsync();
        await page.Locator("label:has(input[data-status-choice=Offline])").ClickAsync();
        await Assertions.Expect(page.Locator("input[data-status-choice=Offline]")).ToBeCheckedAsync();
        var reason = page.Locator("[data-testid=reason]");
        await reason.FillAsync(Reason);
        await page.EvaluateAsync("() => window.__sameDocument = true");
        var pageUrl = page.Url;
        lock (_documentRequests)
        {
            _documentRequests.Clear();
        }

        _serverUnreachable = true;
        var closed = await page.EvaluateAsync<int>(
            "() => { const open = window.__sockets.filter(s => new URL(s.url).pathname === '/_blazor' && s.readyState === WebSocket.OPEN); open.forEach(s => s.close(4000, 'test')); return open.length; }");
        Assert.Equal(1, closed);
        var indicator = page.Locator("#components-reconnect-modal");
        await Assertions.Expect(indicator).ToHaveAttributeAsync("data-state", "reconnecting", Patiently);

        var save = page.Locator("[data-testid=save-status]");
        await Assertions.Expect(save).ToBeDisabledAsync();
        await save.ClickAsync(new() { Force = true });
        // Enter in a field, or a script, submits without the button: the form itself refuses.
        await page.EvaluateAsync("() => document.getElementById('status-change-form').requestSubmit()");

        Assert.True(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"));
        Assert.Equal(pageUrl, page.Url);
        await Assertions.Expect(reason).ToHaveValueAsync(Reason);
        lock (_documentRequests)
        {
            Assert.Empty(_documentRequests);
        }

        _serverUnreachable = false;
        await Assertions.Expect(indicator).ToHaveAttributeAsync("data-state", "live", Patiently);
        await Assertions.Expect(save).ToBeEnabledAsync();
        await save.ClickAsync();

        await Assertions.Expect(page.Locator("[data-system=payroll] .status-chip")).ToHaveTextAsync(new Regex("Offline"));
        await using var db = _app.NewDbContext();
        Assert.Equal(SystemStatus.Offline, (await db.EstateSystems.SingleAsync(s => s.Slug == "payroll")).Status);
    }
}
