using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Domain;
using Portal.Core.Events.Payloads;
using Portal.Core.Features.AudiencePages;
using Portal.Core.Features.Board;
using Portal.Core.Features.Systems;
using Portal.Tests.Support;
using Portal.Web.Components.Pages.Audiences;
using Portal.Web.Components.Shared;

namespace Portal.Tests.Components;

public sealed class PhaseTimelineTests : PortalComponentTest
{
    private static readonly DateTimeOffset Now = TestPortal.DemoNow;

    private static BoardPhase Phase(int number, RestartPhaseState state, int back = 0, int total = 0, DateTimeOffset? expected = null,
        DateTimeOffset? started = null, DateTimeOffset? completed = null) =>
        new(number, number, $"Phase {number}", $"What phase {number} brings back.", state, expected, started, completed, back, total);

    [Fact]
    public void MarksWhatIsDoneUnderWayAndNextWithDatesAndProgress()
    {
        var timeline = Render<PhaseTimeline>(p => p.Add(t => t.Phases,
        [
            Phase(1, RestartPhaseState.Complete, 3, 3, completed: Now.AddDays(-5)),
            Phase(2, RestartPhaseState.InProgress, 1, 2, started: Now.AddDays(-12)),
            Phase(3, RestartPhaseState.Planned, 0, 2, expected: Now.AddDays(6)),
            Phase(4, RestartPhaseState.Planned, expected: Now.AddDays(9)),
        ]));

        var states = timeline.FindAll(".phase-state").Select(s => s.TextContent.Trim()).ToList();
        Assert.Equal("Complete · 5 days ago (21 Nov)", states[0]);
        Assert.Equal("In progress · started 12 days ago (14 Nov)", states[1]);
        Assert.Equal("Next · expected to start in 6 days (2 Dec)", states[2]);
        Assert.Equal("Planned · expected to start in 9 days (5 Dec)", states[3]);
        Assert.Equal("1 of 2 systems back", timeline.Find("[data-phase='2'] .phase-count").TextContent.Trim());
        Assert.Equal("step", timeline.Find("[data-phase='2']").GetAttribute("aria-current"));
        Assert.Contains("next", timeline.Find("[data-phase='3']").ClassList);
        Assert.Empty(timeline.FindAll("[data-phase='4'] .phase-count"));
    }

    [Fact]
    public void MarksNoPhaseNextWhenAllHaveStarted()
    {
        var timeline = Render<PhaseTimeline>(p => p.Add(t => t.Phases, [Phase(1, RestartPhaseState.Complete), Phase(2, RestartPhaseState.InProgress)]));

        Assert.Empty(timeline.FindAll(".phase.next"));
    }
}

public sealed class HeadlineAnswerCardTests : PortalComponentTest
{
    private static HeadlineAnswer Answer(HeadlineAvailability availability, SystemStatus status, string? note = null, string? workaround = null,
        DateTimeOffset? expected = null) =>
        new("Can we register vehicles right now?", availability, "online-vehicle-registration", "Online vehicle registration",
            status, note, workaround, expected, TestPortal.DemoNow.AddDays(-3));

    [Fact]
    public void GivesTheWorkaroundStepsWhenThatIsTheAnswer()
    {
        var card = Render<HeadlineAnswerCard>(p => p.Add(c => c.Answer,
            Answer(HeadlineAvailability.ThroughWorkaround, SystemStatus.Workaround, workaround: "Use the paper form and register later.")));

        Assert.Equal("Can we register vehicles right now?", card.Find("h2").TextContent);
        Assert.Equal("Through the workaround", card.Find("[data-testid=headline-verdict]").TextContent);
        Assert.Contains("Use the paper form and register later.", card.Find("[data-testid=headline-workaround]").TextContent);
        Assert.Equal("Workaround", card.Find(".status-chip").TextContent.Trim());
    }

    [Fact]
    public void SaysAvailableAndSlowerThanUsualWhenDegraded()
    {
        var card = Render<HeadlineAnswerCard>(p => p.Add(c => c.Answer, Answer(HeadlineAvailability.Available, SystemStatus.Degraded, "slower than usual")));

        Assert.Equal("Available", card.Find("[data-testid=headline-verdict]").TextContent);
        Assert.Contains("slower than usual", card.Find(".headline-verdict").TextContent);
        Assert.Empty(card.FindAll("[data-testid=headline-workaround]"));
        Assert.Empty(card.FindAll("[data-testid=headline-expected]"));
    }

    [Fact]
    public void SaysNotAvailableWithWhenItIsExpectedBack()
    {
        var card = Render<HeadlineAnswerCard>(p => p.Add(c => c.Answer,
            Answer(HeadlineAvailability.NotAvailable, SystemStatus.Offline, expected: TestPortal.DemoNow.AddDays(2))));

        Assert.Equal("Not available", card.Find("[data-testid=headline-verdict]").TextContent);
        Assert.Equal("NotAvailable", card.Find("[data-testid=headline-answer]").GetAttribute("data-availability"));
        Assert.Contains("expected back in 2 days (28 Nov 2026, 09:30 UTC)", card.Find("[data-testid=headline-expected]").TextContent);
    }
}

public sealed class MetricTrendTests : PortalComponentTest
{
    private static readonly DateTimeOffset Day = new(2026, 11, 12, 7, 0, 0, TimeSpan.Zero);

    private static AudienceMetric Backlog(params decimal[] values) => Backlog(MetricDirection.Neutral, values);

    private static AudienceMetric Backlog(MetricDirection direction, params decimal[] values) =>
        GetAudiencePage.ToMetric("supplier-invoices-awaiting-payment", "Supplier invoices awaiting payment", "invoices",
            "Approved supplier invoices not yet paid.", [.. values.Select((v, i) => new MetricReading(Day.AddDays(i), v))], direction);

    [Fact]
    public void SaysInWordsWhetherTheChangeIsBetterOrWorseWithAnIconThatOnlyRepeatsIt()
    {
        var rise = Render<MetricTrend>(p => p.Add(t => t.Metric, Backlog(MetricDirection.HigherIsWorse, 8_285m, 8_835m)));
        var fall = Render<MetricTrend>(p => p.Add(t => t.Metric, Backlog(MetricDirection.HigherIsWorse, 8_835m, 8_285m)));
        var paid = Render<MetricTrend>(p => p.Add(t => t.Metric, Backlog(MetricDirection.HigherIsBetter, 100m, 90m)));

        var change = rise.Find("[data-testid=metric-change]");
        Assert.Equal("550 more than yesterday · worse", change.TextContent.Trim());
        Assert.Equal("worse", change.GetAttribute("data-verdict"));
        Assert.Equal("true", change.QuerySelector(".metric-verdict-icon")!.GetAttribute("aria-hidden"));
        Assert.Equal("550 less than yesterday · better", fall.Find("[data-testid=metric-change]").TextContent.Trim());
        Assert.Equal("better", fall.Find("[data-testid=metric-change]").GetAttribute("data-verdict"));
        Assert.Equal("10 less than yesterday · worse", paid.Find("[data-testid=metric-change]").TextContent.Trim());
    }

    [Fact]
    public void SaysANeutralMetricsChangeWithoutAVerdictOrIcon()
    {
        var trend = Render<MetricTrend>(p => p.Add(t => t.Metric, Backlog(MetricDirection.Neutral, 900m, 1_210m)));

        Assert.Equal("none", trend.Find("[data-testid=metric-change]").GetAttribute("data-verdict"));
        Assert.Empty(trend.FindAll(".metric-verdict-icon"));
    }

    [Fact]
    public void ShowsTheLatestValueTheChangeSinceYesterdayAndTheTrendLine()
    {
        var trend = Render<MetricTrend>(p => p.Add(t => t.Metric, Backlog(48_200m, 41_452m, 12_480m, 11_240m)));

        Assert.Equal("11,240 invoices", trend.Find("[data-testid=metric-latest]").TextContent);
        Assert.Equal("1,240 less than yesterday", trend.Find("[data-testid=metric-change]").TextContent.Trim());
        Assert.Equal("down", trend.Find("[data-testid=metric-change]").GetAttribute("data-direction"));
        var chart = trend.Find("[data-testid=metric-chart]");
        Assert.Equal("img", chart.GetAttribute("role"));
        Assert.Contains("48,200 invoices on 12 Nov, 11,240 invoices on 15 Nov", chart.GetAttribute("aria-label"));
        // MudChart draws its line once the browser reports the chart's size: the browser test sees the path.
        Assert.Contains("mud-chart-line", chart.QuerySelector("svg")!.ClassName);
    }

    [Fact]
    public void SaysARiseWithAPlusSign()
    {
        var trend = Render<MetricTrend>(p => p.Add(t => t.Metric, Backlog(900m, 1_210m)));

        Assert.Equal("310 more than yesterday", trend.Find("[data-testid=metric-change]").TextContent.Trim());
    }

    [Fact]
    public void DrawsNoLineAndNoChangeFromASingleValue()
    {
        var trend = Render<MetricTrend>(p => p.Add(t => t.Metric, Backlog(500m)));

        Assert.Equal("500 invoices", trend.Find("[data-testid=metric-latest]").TextContent);
        Assert.Empty(trend.FindAll("[data-testid=metric-change]"));
        Assert.Empty(trend.FindAll("[data-testid=metric-chart]"));
    }
}

public sealed class AudiencePageViewTests : PortalComponentTest
{
    private static readonly Actor Operator = new("operator", null, PortalRoles.Operator);

    private async Task<IRenderedComponent<AudiencePageView>> RenderLiveAsync(string path)
    {
        SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));

        // bUnit completes a navigation on its dispatcher: the page must start at the audience's address.
        Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().NavigateTo(path);
        await Navigations.WaitForAsync(l => l.EndsWith(path, StringComparison.Ordinal));
        var page = Render<AudiencePageView>();
        page.WaitForElement(".audience-page[data-live=on]");
        return page;
    }

    [Fact]
    public async Task ShowsAnOperatorsStatusChangeWithoutANewRequest()
    {
        SignInAs("supplier@partsco.example", "suppliers");
        var page = await RenderLiveAsync("/suppliers");
        Assert.Equal("Degraded", page.Find("[data-system='supplier-invoicing'] .status-chip").TextContent.Trim());

        await Portal.Get<ChangeSystemStatus>().HandleAsync(
            new ChangeSystemStatusRequest("supplier-invoicing", SystemStatus.Operational, "Backlog cleared"), Operator);

        page.WaitForAssertion(() => Assert.Equal("Operational", page.Find("[data-system='supplier-invoicing'] .status-chip").TextContent.Trim()));
    }

    [Fact]
    public async Task AnswersTheHeadlineAgainWhenItsSystemChanges()
    {
        SignInAs("retailer@dealer.example", "retailers");
        var page = await RenderLiveAsync("/retailers");
        Assert.Equal("Through the workaround", page.Find("[data-testid=headline-verdict]").TextContent);

        await Portal.Get<ChangeSystemStatus>().HandleAsync(
            new ChangeSystemStatusRequest("online-vehicle-registration", SystemStatus.Operational, "Licensing link reconnected"), Operator);

        page.WaitForAssertion(() => Assert.Equal("Available", page.Find("[data-testid=headline-verdict]").TextContent));
        Assert.Empty(page.FindAll("[data-testid=headline-workaround]"));
    }

    [Fact]
    public async Task ShowsColleaguesWhatTheyAreAskedToDoAtEachPlant()
    {
        SignInAs("colleague@northwind.example", "colleagues");
        var page = await RenderLiveAsync("/colleagues");

        Assert.Contains("Riverside and Westgate colleagues: your shifts this week", page.Find("[data-system='riverside-plant'] [data-testid=asked-to-do]").TextContent);
        Assert.Equal("Will I be paid on time?", page.Find("#headline-question").TextContent);
        Assert.Equal("Available", page.Find("[data-testid=headline-verdict]").TextContent);
    }

    [Fact]
    public async Task RefusesAMemberOfAnotherAudienceWithoutReadingThePage()
    {
        SignInAs("retailer@dealer.example", "retailers");
        var page = await RenderLiveAsync("/suppliers");

        Assert.NotNull(page.Find("[data-testid=forbidden]"));
        Assert.DoesNotContain("Supplier payments", page.Markup);
    }
}
