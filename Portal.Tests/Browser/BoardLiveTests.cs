using Microsoft.Playwright;
using Portal.Core.Domain;
using Portal.Core.Features.Systems;
using Portal.Tests.Support;

namespace Portal.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class BoardLiveTests(BrowserFixture browser) : IAsyncLifetime
{
    private readonly PortalWebApp _app = new();
    private Uri _address = null!;
    private IBrowserContext _context = null!;

    public async Task InitializeAsync()
    {
        _address = _app.StartOnLoopback();
        _context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = _address.ToString() });
    }

    public async Task DisposeAsync()
    {
        await _context.DisposeAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task ShowsAStatusChangeMadeThroughCoreWithoutReloading()
    {
        var page = await _context.NewPageAsync();
        await page.GotoAsync("/");
        await Assertions.Expect(page.Locator(".board[data-live=on]")).ToBeVisibleAsync();
        var partsStatus = page.Locator("[data-system='global-parts-logistics'] .status-chip");
        await Assertions.Expect(partsStatus).ToHaveTextAsync("Degraded");
        // Marks this document: a reload would lose the mark.
        await page.EvaluateAsync("() => window.__sameDocument = true");

        await _app.Get<ChangeSystemStatus>().HandleAsync(
            new ChangeSystemStatusRequest("global-parts-logistics", SystemStatus.Operational, "Deliveries on time again"),
            new Actor("operator", null, PortalRoles.Operator));

        await Assertions.Expect(partsStatus).ToHaveTextAsync("Operational");
        Assert.True(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"));
    }

    [Fact]
    public async Task ShowsTheBoardOnAPhoneWithoutSidewaysScrolling()
    {
        var phone = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = _address.ToString(),
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            IsMobile = true,
        });
        var page = await phone.NewPageAsync();
        await page.GotoAsync("/");
        await Assertions.Expect(page.Locator(".board[data-live=on]")).ToBeVisibleAsync();

        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"The board is {overflow}px wider than a phone screen.");
        await phone.DisposeAsync();
    }
}
