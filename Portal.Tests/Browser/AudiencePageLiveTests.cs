using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Portal.Core.Domain;
using Portal.Core.Features.Systems;
using Portal.Tests.Api;
using Portal.Tests.Support;

namespace Portal.Tests.Browser;

/// <summary>A supplier signs in through the real form and follows the restart on their own page.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AudiencePageLiveTests(BrowserFixture browser) : IAsyncLifetime
{
    private readonly PortalWebApp _app = new();
    private readonly List<IBrowserContext> _contexts = [];
    private Uri _address = null!;

    public async Task InitializeAsync()
    {
        _address = _app.StartOnLoopback();
        await _app.CreateViewerAsync("supplier@partsco.example", "suppliers");
        await _app.CreateViewerAsync("dealer@retail.example", "retailers", "suppliers");
    }

    public async Task DisposeAsync()
    {
        foreach (var context in _contexts)
        {
            await context.DisposeAsync();
        }

        await _app.DisposeAsync();
    }

    private async Task<IPage> SignedInPageAsync(string email, string path, ViewportSize? viewport = null)
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = _address.ToString(),
            ViewportSize = viewport,
            IsMobile = viewport is not null,
        });
        _contexts.Add(context);
        var page = await context.NewPageAsync();
        await page.GotoAsync($"/account/login?returnUrl={Uri.EscapeDataString(path)}");
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", PortalWebApp.Password);
        await page.ClickAsync(".account-card button[type=submit]");
        await Assertions.Expect(page.Locator(".audience-page[data-live=on]")).ToBeVisibleAsync();
        return page;
    }

    [Fact]
    public async Task ASupplierSeesTheBacklogChartAndAStatusChangeWithoutReloading()
    {
        var page = await SignedInPageAsync("supplier@partsco.example", "/suppliers");
        await Assertions.Expect(page.Locator("[data-metric='supplier-invoices-awaiting-payment'] [data-testid=metric-chart] svg path").First).ToBeAttachedAsync();
        var invoicing = page.Locator("[data-system='supplier-invoicing'] .status-chip");
        await Assertions.Expect(invoicing).ToHaveTextAsync("Degraded");
        await page.EvaluateAsync("() => window.__sameDocument = true");

        await _app.Get<ChangeSystemStatus>().HandleAsync(
            new ChangeSystemStatusRequest("supplier-invoicing", SystemStatus.Operational, "Invoice backlog cleared"),
            new Actor("operator", null, PortalRoles.Operator));

        await Assertions.Expect(invoicing).ToHaveTextAsync("Operational");
        Assert.True(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"));
    }

    [Fact]
    public async Task AFinanceSystemsBatchOfPointsReachesTheSuppliersChartWithoutReloading()
    {
        var page = await SignedInPageAsync("supplier@partsco.example", "/suppliers");
        var latest = page.Locator("[data-metric='supplier-invoices-awaiting-payment'] [data-testid=metric-latest]");
        await Assertions.Expect(latest).ToBeVisibleAsync();
        await Assertions.Expect(latest).Not.ToHaveTextAsync(new Regex("12.?345"));
        await page.EvaluateAsync("() => window.__sameDocument = true");
        var issued = await _app.IssueAsync("Finance system", ApiRequests.Grant(ApiScopes.MetricsWrite));
        using var finance = new HttpClient { BaseAddress = _address };
        finance.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", issued.Key);
        // Between the latest point already recorded and now, so the batch's second point is the latest: the
        // demonstration estate records today's point at the moment it was seeded whenever that is before 07:00.
        var now = DateTimeOffset.UtcNow;
        DateTimeOffset recorded;
        await using (var db = _app.NewDbContext())
        {
            var metricId = await db.Metrics.Where(m => m.Slug == "supplier-invoices-awaiting-payment").Select(m => m.Id).SingleAsync();
            recorded = (await db.MetricPoints.Where(p => p.MetricId == metricId).Select(p => p.At).ToListAsync()).Max();
        }

        var step = (now - recorded) / 3;
        var body = $$"""{"points":[{"at":"{{recorded + step:O}}","value":12000},{"at":"{{recorded + (2 * step):O}}","value":12345}]}""";

        using var response = await finance.PostAsync("/api/v1/metrics/supplier-invoices-awaiting-payment/points/batch",
            new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await Assertions.Expect(latest).ToHaveTextAsync(new Regex("12.?345"));
        Assert.True(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"));
    }

    [Fact]
    public async Task AViewerInTwoAudiencesSwitchesPagesOnAPhoneWithTheAnswerInView()
    {
        var page = await SignedInPageAsync("dealer@retail.example", "/retailers", new ViewportSize { Width = 390, Height = 844 });

        var answer = page.Locator("[data-testid=headline-answer]");
        await Assertions.Expect(answer).ToContainTextAsync("Through the workaround");
        await Assertions.Expect(answer).ToBeInViewportAsync(new() { Ratio = 1 });
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"The page is {overflow}px wider than a phone screen.");

        await page.Locator(".audience-header [data-audience-link='suppliers']").ClickAsync();

        await Assertions.Expect(page.Locator("#headline-question")).ToHaveTextAsync("Are supplier invoices being paid?");
        await Assertions.Expect(page.Locator(".audience-header [data-audience-link='suppliers']")).ToHaveAttributeAsync("aria-current", "page");
        Assert.EndsWith("/suppliers", page.Url);
    }
}
