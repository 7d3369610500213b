using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Portal.Core.Domain;
using Portal.Core.Features.Systems;
using Portal.Tests.Support;

namespace Portal.Tests.Browser;

/// <summary>Times in the viewer's own time zone, with the zone named and UTC in the title, on static pages and after live updates.</summary>
[Collection(BrowserCollection.Name)]
public sealed class LocalTimeTests(BrowserFixture browser) : IAsyncLifetime
{
    private const string Zone = "America/New_York";
    private readonly PortalWebApp _app = new();
    private IBrowserContext _context = null!;

    public async Task InitializeAsync()
    {
        var address = _app.StartOnLoopback();
        _context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = address.ToString(),
            TimezoneId = Zone,
            Locale = "en-US",
        });
    }

    public async Task DisposeAsync()
    {
        await _context.DisposeAsync();
        await _app.DisposeAsync();
    }

    private static string LocalClock(string datetime)
    {
        var at = DateTimeOffset.Parse(datetime, CultureInfo.InvariantCulture);
        return TimeZoneInfo.ConvertTime(at, TimeZoneInfo.FindSystemTimeZoneById(Zone)).ToString("hh:mm", CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task AStaticStatementPageShowsThePublishedTimeInTheViewersZoneWithUtcInTheTitle()
    {
        int statementId;
        await using (var db = _app.NewDbContext())
        {
            statementId = (await db.StatementRevisions.FirstAsync(r => r.Title == "We have shut down our IT systems as a precaution")).StatementId;
        }

        var page = await _context.NewPageAsync();
        await page.GotoAsync($"/statements/{statementId}");
        var published = page.Locator("time[data-local]").First;

        await Assertions.Expect(published).Not.ToContainTextAsync("UTC");
        var datetime = (await published.GetAttributeAsync("datetime"))!;
        var text = await published.TextContentAsync();
        Assert.Contains(LocalClock(datetime), text);
        Assert.Matches(@"\bE[SD]T\b", text);
        Assert.EndsWith("UTC", await published.GetAttributeAsync("title"));
        Assert.Contains("UTC", await page.Locator("time[data-relative]").First.GetAttributeAsync("title"));
    }

    [Fact]
    public async Task TimesAddedByALiveUpdateAreLocalToo()
    {
        var page = await _context.NewPageAsync();
        await page.GotoAsync("/systems/global-parts-logistics");
        var root = page.Locator("[data-live=on]");
        await Assertions.Expect(root).ToBeVisibleAsync();
        var times = page.Locator("time[data-local]");
        var before = await times.CountAsync();
        Assert.True(before > 0);
        await Assertions.Expect(page.Locator("time[data-local]:has-text('UTC')")).ToHaveCountAsync(0);

        await _app.Get<ChangeSystemStatus>().HandleAsync(
            new ChangeSystemStatusRequest("global-parts-logistics", SystemStatus.Operational, "Deliveries on time again"),
            new Actor("operator", null, PortalRoles.Operator));

        await Assertions.Expect(times).ToHaveCountAsync(before + 1);
        await Assertions.Expect(page.Locator("time[data-local]:has-text('UTC')")).ToHaveCountAsync(0);
    }
}
