using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Features.AudiencePages;
using Portal.Core.Features.Statements;
using Portal.Core.Features.Systems;
using Portal.Tests.Support;

namespace Portal.Tests.Features.AudiencePages;

public sealed class GetAudiencePageTests : IAsyncLifetime
{
    private static readonly Actor Communications = new("comms@example.com", null, PortalRoles.Admin, PortalRoles.Publisher);

    private TestPortal _portal = null!;

    public async Task InitializeAsync() => _portal = await TestPortal.StartAsync();

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    private async Task<AudiencePage> PageAsync(string key, Viewer viewer) =>
        await _portal.Get<GetAudiencePage>().HandleAsync(key, viewer) ?? throw new InvalidOperationException($"No page for {key}.");

    private static List<string> Slugs(AudiencePage page) => [.. page.Groups.SelectMany(g => g.Systems).Select(s => s.Slug)];

    private Task ChangeAsync(string slug, SystemStatus status, string? workaround = null, DateTimeOffset? expected = null) =>
        _portal.Get<ChangeSystemStatus>().HandleAsync(
            new ChangeSystemStatusRequest(slug, status, $"Now {status}", workaround, expected), Actors.Operator);

    [Fact]
    public async Task ListsOnlySystemsAddressedToTheAudienceGroupedUnderTheirHeadings()
    {
        var page = await PageAsync("suppliers", Viewers.Suppliers);

        Assert.Equal("Suppliers", page.Name);
        Assert.Equal(["Finance", "Supply chain", "Manufacturing"], page.Groups.Select(g => g.Name));
        Assert.Equal(
            ["supplier-invoicing", "supplier-payments", "supplier-portal-edi", "advance-shipping-notices", "global-parts-logistics",
             "northfield-plant", "riverside-plant", "westgate-plant"],
            Slugs(page));
        Assert.DoesNotContain("wholesale-vehicle-finance", Slugs(page));
        Assert.DoesNotContain("customer-contact-centre", Slugs(page));
    }

    [Fact]
    public async Task GivesEachAudienceItsOwnSystemsOnly()
    {
        var retailers = Slugs(await PageAsync("retailers", Viewers.Retailers));
        var colleagues = Slugs(await PageAsync("colleagues", Viewers.Colleagues));

        Assert.Equal(["wholesale-vehicle-finance", "global-parts-logistics", "online-vehicle-registration", "retailer-vehicle-ordering",
            "dealer-system-integration"], retailers);
        Assert.Contains("payroll", colleagues);
        Assert.Contains("riverside-plant", colleagues);
        Assert.DoesNotContain("supplier-payments", colleagues);
        Assert.DoesNotContain("supplier-payments", retailers);
    }

    [Theory]
    [InlineData("suppliers", "retailers")]
    [InlineData("retailers", "suppliers")]
    [InlineData("colleagues", "public")]
    public async Task GivesAViewerOutsideTheAudienceNoPageAtAll(string audience, string viewerAudience)
    {
        var page = await _portal.Get<GetAudiencePage>().HandleAsync(audience, new Viewer([viewerAudience]));

        Assert.Null(page);
    }

    [Fact]
    public async Task ListsStatementsAddressedToTheAudienceButNotPublicOnlyOnes()
    {
        var page = await PageAsync("suppliers", Viewers.Suppliers);

        Assert.Equal(["Northfield plant is back at full production", "Supplier payments: how invoices are being paid"],
            page.Statements.Select(s => s.Title));
    }

    [Fact]
    public async Task GivesEachSystemTheLatestStatementLinkedToItForThisAudience()
    {
        var colleagues = await PageAsync("colleagues", Viewers.Colleagues);
        var suppliers = await PageAsync("suppliers", Viewers.Suppliers);

        Assert.Equal("Riverside and Westgate colleagues: your shifts this week", System(colleagues, "riverside-plant").AskedToDo!.Title);
        Assert.Equal("Riverside and Westgate colleagues: your shifts this week", System(colleagues, "westgate-plant").AskedToDo!.Title);
        // The colleagues-only statement never reaches the suppliers' page, even on the same plants.
        Assert.Equal("Northfield plant is back at full production", System(suppliers, "riverside-plant").AskedToDo!.Title);
        Assert.Equal("Supplier payments: how invoices are being paid", System(suppliers, "supplier-payments").AskedToDo!.Title);
        Assert.Null(System(colleagues, "payroll").AskedToDo);
    }

    [Fact]
    public async Task TakesTheNewestLinkedStatementAndNeverAWithdrawnOne()
    {
        var paymentsId = (await PageAsync("suppliers", Viewers.Suppliers)).Groups.SelectMany(g => g.Systems).Single(s => s.Slug == "supplier-payments").Id;
        var saved = await _portal.Get<SaveStatementDraft>().HandleAsync(
            new SaveStatementDraftRequest(null, "Payment run moved to Thursday", "This week's run is on **Thursday**.", ["suppliers"], null, [paymentsId]),
            Communications);
        await _portal.Get<BreakGlassPublish>().HandleAsync(new BreakGlassPublishRequest(saved.Id, "Run date changed at short notice"), Communications);

        Assert.Equal("Payment run moved to Thursday", System(await PageAsync("suppliers", Viewers.Suppliers), "supplier-payments").AskedToDo!.Title);

        await _portal.Get<WithdrawStatement>().HandleAsync(new WithdrawStatementRequest(saved.Id, "The run stays on Tuesday"), Communications);

        var page = await PageAsync("suppliers", Viewers.Suppliers);
        Assert.Equal("Supplier payments: how invoices are being paid", System(page, "supplier-payments").AskedToDo!.Title);
        Assert.Contains(page.Statements, s => s.Title == "Payment run moved to Thursday" && s.State == StatementState.Withdrawn);
    }

    [Fact]
    public async Task GivesEachSystemTheReasonOfItsLatestChange()
    {
        var page = await PageAsync("suppliers", Viewers.Suppliers);

        Assert.Equal("New invoices processed within a day; older backlog cleared oldest first.", System(page, "supplier-invoicing").Reason);
        Assert.Equal("Payment runs restarted outside the usual system.", System(page, "supplier-payments").Reason);
    }

    [Fact]
    public async Task AnswersTheHeadlineThroughTheWorkaroundWithItsSteps()
    {
        var headline = (await PageAsync("retailers", Viewers.Retailers)).Headline!;

        Assert.Equal("Can we register vehicles right now?", headline.Question);
        Assert.Equal(HeadlineAvailability.ThroughWorkaround, headline.Availability);
        Assert.Equal("Through the workaround", headline.AnswerText);
        Assert.StartsWith("Hand new vehicles over without the online registration step", headline.Workaround);
        Assert.Equal("online-vehicle-registration", headline.SystemSlug);
    }

    [Theory]
    [InlineData(SystemStatus.Operational, HeadlineAvailability.Available, null)]
    [InlineData(SystemStatus.Degraded, HeadlineAvailability.Available, "slower than usual")]
    [InlineData(SystemStatus.Restoring, HeadlineAvailability.NotAvailable, "being restored")]
    [InlineData(SystemStatus.Offline, HeadlineAvailability.NotAvailable, null)]
    [InlineData(SystemStatus.Maintenance, HeadlineAvailability.NotAvailable, "in planned maintenance")]
    public async Task AnswersTheHeadlineFromTheSystemsStatus(SystemStatus status, HeadlineAvailability expected, string? note)
    {
        var back = TestPortal.DemoNow.AddDays(2);
        await ChangeAsync("online-vehicle-registration", status, expected: back);

        var headline = (await PageAsync("retailers", Viewers.Retailers)).Headline!;

        Assert.Equal(expected, headline.Availability);
        Assert.Equal(note, headline.Note);
        Assert.Null(headline.Workaround);
        Assert.Equal(expected == HeadlineAvailability.NotAvailable ? back : null, headline.ExpectedBackAt);
    }

    [Fact]
    public async Task CountsPhaseProgressOverThePagesSystems()
    {
        var page = await PageAsync("suppliers", Viewers.Suppliers);

        Assert.Equal(["Secure foundations", "Money flowing again", "Supplier connections", "Plants back to production", "Sales and retail systems"],
            page.Phases.Select(p => p.Name));
        var money = page.Phases.Single(p => p.Name == "Money flowing again");
        Assert.Equal((1, 2), (money.SystemsBack, money.SystemsTotal));
        Assert.DoesNotContain((await PageAsync("retailers", Viewers.Retailers)).Phases, p => p.Name == "Supplier connections");
    }

    [Fact]
    public async Task GivesTheBacklogTrendWithItsChangeSinceYesterday()
    {
        var metric = Assert.Single((await PageAsync("suppliers", Viewers.Suppliers)).Metrics);

        Assert.Equal("supplier-invoices-awaiting-payment", metric.Slug);
        Assert.Equal(15, metric.Points.Count);
        Assert.True(metric.Points.Zip(metric.Points.Skip(1)).All(p => p.First.At < p.Second.At));
        Assert.Equal(metric.Points[^1], metric.Latest);
        Assert.Equal(metric.Points[^1].Value - metric.Points[^2].Value, metric.ChangeSinceYesterday);
        Assert.Empty((await PageAsync("retailers", Viewers.Retailers)).Metrics);
    }

    [Fact]
    public void ComparesWithTheLastValueOfAnEarlierDay()
    {
        var day = new DateTimeOffset(2026, 11, 25, 0, 0, 0, TimeSpan.Zero);
        var metric = GetAudiencePage.ToMetric("m", "M", "", "", [new(day.AddHours(7), 100m), new(day.AddHours(18), 90m), new(day.AddDays(1).AddHours(7), 70m), new(day.AddDays(1).AddHours(9), 65m)]);
        var single = GetAudiencePage.ToMetric("m", "M", "", "", [new(day, 5m)]);

        Assert.Equal(-25m, metric.ChangeSinceYesterday);
        Assert.Null(single.ChangeSinceYesterday);
    }

    [Fact]
    public async Task RendersTheContactsAsSanitisedHtml()
    {
        await using (var db = _portal.NewDbContext())
        {
            var suppliers = await db.Audiences.SingleAsync(a => a.Key == "suppliers");
            suppliers.DescribePage(suppliers.HeadlineQuestion, suppliers.HeadlineSystemId,
                "- **Payments:** [write to us](javascript:alert(1)) <script>alert(2)</script>");
            await db.SaveChangesAsync();
        }

        var html = (await PageAsync("suppliers", Viewers.Suppliers)).ContactsHtml!;

        Assert.Contains("<strong>Payments:</strong>", html);
        Assert.DoesNotContain("javascript:", html);
        Assert.DoesNotContain("<script", html);
    }

    [Theory]
    [InlineData("no-such-audience")]
    [InlineData("public")]
    public async Task AnswersNullForAnUnknownAudienceOrPublic(string key) =>
        Assert.Null(await _portal.Get<GetAudiencePage>().HandleAsync(key, Viewers.Suppliers));

    [Fact]
    public async Task LinksAViewerToThePagesOfTheirAudiences()
    {
        var links = _portal.Get<GetAudiencePageLinks>();

        Assert.Equal(["Retailers", "Suppliers"], (await links.HandleAsync(new Viewer(["suppliers", "retailers"]))).Select(l => l.Name));
        Assert.Empty(await links.HandleAsync(Viewers.Public));
    }

    private static AudiencePageSystem System(AudiencePage page, string slug) =>
        page.Groups.SelectMany(g => g.Systems).Single(s => s.Slug == slug);
}
