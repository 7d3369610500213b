using Bunit;
using Portal.Core.Domain;
using Portal.Core.Features.Board;
using Portal.Core.Features.Systems;
using Portal.Tests.Support;
using Portal.Web.Components.Pages.Board;

namespace Portal.Tests.Components;

public sealed class BoardTests : PortalComponentTest
{
    private static readonly Actor Operator = new("operator", null, PortalRoles.Operator);

    private IRenderedComponent<Board> RenderLiveBoard()
    {
        var board = Render<Board>();
        board.WaitForElement(".board[data-live=on]");
        return board;
    }

    private static string StatusOf(IRenderedComponent<Board> board, string slug) =>
        board.Find($"[data-system='{slug}'] .status-chip").TextContent.Trim();

    [Fact]
    public void RendersGroupsWithEachStatusAsTextAndIcon()
    {
        var board = RenderLiveBoard();

        var headings = board.FindAll(".group-heading > span:first-child").Select(h => h.TextContent).ToList();
        Assert.Equal(["Supply chain", "Sales & retail", "Manufacturing"], headings);
        Assert.Equal("Workaround", StatusOf(board, "online-vehicle-registration"));
        Assert.Equal("Offline", StatusOf(board, "westgate-plant"));
        Assert.All(board.FindAll(".status-chip"), chip =>
        {
            Assert.NotNull(chip.QuerySelector("svg"));
            Assert.False(string.IsNullOrWhiteSpace(chip.TextContent));
        });
    }

    [Fact]
    public async Task RenderedStaticTellsLiveJsTheSequenceItIsCurrentAtAndTheServerClock()
    {
        Renderer.SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Static", false));
        await using var db = Portal.NewDbContext();
        var current = await global::Portal.Core.Events.VisibleSequence.LatestVisibleSequenceAsync(
            db, global::Portal.Core.Domain.Viewer.Anonymous.Audiences, CancellationToken.None);

        var root = Render<Board>().WaitForElement(".board[data-sequence]");

        Assert.Equal("off", root.GetAttribute("data-live"));
        Assert.Equal(current.ToString(System.Globalization.CultureInfo.InvariantCulture), root.GetAttribute("data-sequence"));
        Assert.Equal(Portal.Clock.GetUtcNow(), DateTimeOffset.Parse(root.GetAttribute("data-rendered-at")!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.NotEmpty(root.QuerySelectorAll("time[data-relative][datetime]"));
    }

    [Fact]
    public void MarksWhatLiveJsRedrawsWhenASystemsStatusChanges()
    {
        var board = RenderLiveBoard();

        var row = board.Find("[data-system='westgate-plant']");
        Assert.Equal("westgate-plant", row.QuerySelector(".status-chip")!.GetAttribute("data-live-status"));
        Assert.Equal("westgate-plant", row.QuerySelector(".system-updated time")!.GetAttribute("data-live-changed"));
        var group = row.Closest(".system-group")!;
        Assert.True(group.HasAttribute("data-live-scope"));
        var groupChip = group.QuerySelector(".group-heading .status-chip")!;
        Assert.True(groupChip.HasAttribute("data-live-worst"));
        Assert.Null(groupChip.GetAttribute("data-live-status"));
        Assert.All(board.FindAll(".system-row .status-chip"), chip => Assert.False(chip.HasAttribute("data-live-worst")));
    }

    [Fact]
    public void MarksTheLatestStatementsWhereLiveJsPutsANewOneFirst()
    {
        var board = RenderLiveBoard();

        var list = board.Find("[data-live-statements]");
        Assert.Equal(GetStatusBoard.LatestStatementCount.ToString(System.Globalization.CultureInfo.InvariantCulture), list.GetAttribute("data-live-limit"));
        var cards = list.Children;
        Assert.NotEmpty(cards);
        Assert.All(cards, card =>
        {
            var id = card.GetAttribute("data-statement-id");
            Assert.Equal($"/statements/{id}", card.QuerySelector("[data-statement-title]")!.GetAttribute("href"));
            Assert.NotNull(card.QuerySelector("[data-statement-excerpt]"));
        });
        Assert.Empty(board.FindAll("[data-live-no-statements]"));
    }

    [Fact]
    public void GivesLiveJsAnEmptyStatementCardToFillIn()
    {
        var template = (AngleSharp.Html.Dom.IHtmlTemplateElement)Render<Portal.Web.Components.Shared.LiveTemplates>().Find("template[data-statement-card]");

        var card = Assert.Single(template.Content.Children);
        Assert.Equal("0", card.GetAttribute("data-statement-id"));
        Assert.Equal("", card.QuerySelector("a[data-statement-title]")!.TextContent);
        Assert.Equal("", card.QuerySelector("[data-statement-excerpt]")!.TextContent);
        // The same markup whatever the clock says, so an anonymous page's markup does not change with the day.
        Assert.Equal("just now", card.QuerySelector(".statement-meta time[data-relative]")!.TextContent);
        Assert.Empty(card.QuerySelectorAll(".statement-flag"));
    }

    [Fact]
    public void GivesLiveJsEveryStatussChipInOrderOfSeverity()
    {
        var templates = Render<Portal.Web.Components.Shared.LiveTemplates>().FindAll("template[data-status-chip]");

        Assert.Equal(Enum.GetNames<SystemStatus>(), templates.Select(t => t.GetAttribute("data-status-chip")));
        Assert.Equal(Enum.GetValues<SystemStatus>().Select(s => ((int)s).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            templates.Select(t => t.GetAttribute("data-severity")));
        Assert.All(templates, template =>
        {
            var status = Enum.Parse<SystemStatus>(template.GetAttribute("data-status-chip")!);
            var chip = ((AngleSharp.Html.Dom.IHtmlTemplateElement)template).Content.QuerySelector(".status-chip");
            Assert.NotNull(chip);
            Assert.Equal(status.DisplayName(), chip.TextContent.Trim());
            Assert.NotNull(chip.QuerySelector("svg"));
        });
    }

    [Fact]
    public void SaysTheIncidentsStateInWordsAndTheDayItStarted()
    {
        var banner = RenderLiveBoard().Find("[data-testid=overall-banner]");

        Assert.Equal("We know the cause", banner.QuerySelector("[data-testid=incident-state]")!.TextContent);
        var since = banner.QuerySelector(".overall-since time")!;
        Assert.Matches(@"^\d{1,2} [A-Z][a-z]{2}( \d{4})?$", since.TextContent);
        Assert.EndsWith("UTC", since.GetAttribute("title"));
        Assert.DoesNotContain("Identified", banner.TextContent, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void InACircuitCarriesNoStaticPageAttributes()
    {
        var root = RenderLiveBoard().Find(".board");

        Assert.Null(root.GetAttribute("data-sequence"));
        Assert.Null(root.GetAttribute("data-rendered-at"));
    }

    [Fact]
    public void ShowsWorkaroundTextUnderTheSystem()
    {
        var board = RenderLiveBoard();

        var workaround = board.Find("[data-system='online-vehicle-registration'] .system-workaround").TextContent;
        Assert.Contains("Hand new vehicles over without the online registration step", workaround);
    }

    [Fact]
    public void ShowsRestartPhasesWithTheirStateAndProgress()
    {
        var board = RenderLiveBoard();

        var phases = board.FindAll(".phase");
        Assert.Equal(["Secure foundations", "Money flowing again", "Plants back to production", "Sales and retail systems"],
            phases.Select(p => p.QuerySelector(".phase-name")!.TextContent));
        Assert.StartsWith("Complete", phases[0].QuerySelector(".phase-state")!.TextContent.Trim());
        Assert.Equal("2 of 4 systems back", board.Find("[data-phase='4'] .phase-count").TextContent.Trim());
    }

    [Fact]
    public void ShowsUpdatedTimesRelativelyWithTheExactTimeOnHover()
    {
        var board = RenderLiveBoard();

        var time = board.Find("[data-system='riverside-plant'] .system-updated time");
        Assert.Equal("20 hours ago", time.TextContent);
        Assert.Equal("25 Nov 2026, 13:00 UTC", time.GetAttribute("title"));
    }

    [Fact]
    public async Task ShowsAStatusChangeWithoutANewRequest()
    {
        var board = RenderLiveBoard();
        Assert.Equal("Degraded", StatusOf(board, "global-parts-logistics"));

        await Portal.Get<ChangeSystemStatus>().HandleAsync(
            new ChangeSystemStatusRequest("global-parts-logistics", SystemStatus.Operational, "Deliveries on time again"), Operator);

        board.WaitForAssertion(() => Assert.Equal("Operational", StatusOf(board, "global-parts-logistics")));
    }

    [Fact]
    public async Task NeitherReRendersNorRevealsASupplierOnlyChangeToThePublic()
    {
        var board = RenderLiveBoard();
        var changes = Portal.Get<ChangeSystemStatus>();

        // What one public change costs in renders...
        var before = board.RenderCount;
        await changes.HandleAsync(new ChangeSystemStatusRequest("westgate-plant", SystemStatus.Restoring, "Checks under way"), Operator);
        board.WaitForAssertion(() => Assert.Equal("Restoring", StatusOf(board, "westgate-plant")));
        var oneChange = board.RenderCount - before;

        // ...is all that a supplier-only change followed by the same kind of public change costs.
        before = board.RenderCount;
        await changes.HandleAsync(new ChangeSystemStatusRequest("supplier-payments", SystemStatus.Offline, "Supplier-only pause"), Operator);
        await changes.HandleAsync(new ChangeSystemStatusRequest("westgate-plant", SystemStatus.Offline, "Checks found a fault"), Operator);
        board.WaitForAssertion(() => Assert.Equal("Offline", StatusOf(board, "westgate-plant")));

        Assert.True(oneChange > 0);
        Assert.Equal(oneChange, board.RenderCount - before);
        Assert.DoesNotContain("Supplier payments", board.Markup);
        Assert.DoesNotContain("Supplier-only pause", board.Markup);
    }

    [Fact]
    public async Task ShowsSuppliersTheirOwnSystemsLive()
    {
        SignInAs("buyer@supplier.example", "suppliers");
        var board = RenderLiveBoard();
        Assert.Equal("Workaround", StatusOf(board, "supplier-payments"));

        await Portal.Get<ChangeSystemStatus>().HandleAsync(
            new ChangeSystemStatusRequest("supplier-payments", SystemStatus.Operational, "Payments system back"), Operator);

        board.WaitForAssertion(() => Assert.Equal("Operational", StatusOf(board, "supplier-payments")));
    }

    [Fact]
    public async Task StopsShowingAndFollowingSuppliersSystemsOnceTheViewerLosesTheirIdentity()
    {
        SignInAs("buyer@supplier.example", "suppliers");
        var board = RenderLiveBoard();
        Assert.Equal("Workaround", StatusOf(board, "supplier-payments"));

        SignOut();
        board.WaitForAssertion(() => Assert.Empty(board.FindAll("[data-system='supplier-payments']")));
        Assert.DoesNotContain("Supplier payments", board.Markup);

        // A supplier-only change no longer reaches the page; a later public one does.
        var changes = Portal.Get<ChangeSystemStatus>();
        await changes.HandleAsync(new ChangeSystemStatusRequest("supplier-payments", SystemStatus.Offline, "Supplier-only pause"), Operator);
        await changes.HandleAsync(new ChangeSystemStatusRequest("westgate-plant", SystemStatus.Offline, "Checks found a fault"), Operator);
        board.WaitForAssertion(() => Assert.Equal("Offline", StatusOf(board, "westgate-plant")));
        Assert.DoesNotContain("Supplier payments", board.Markup);
        Assert.DoesNotContain("Supplier-only pause", board.Markup);
        Assert.Equal("on", board.Find(".board").GetAttribute("data-live"));
    }

    [Fact]
    public async Task FollowsTheViewersNewAudiencesWhenTheirMembershipsChange()
    {
        SignInAs("buyer@supplier.example", "suppliers");
        var board = RenderLiveBoard();

        SignInAs("buyer@supplier.example", "retailers");
        board.WaitForAssertion(() => Assert.Empty(board.FindAll("[data-system='supplier-payments']")));

        await Portal.Get<ChangeSystemStatus>().HandleAsync(
            new ChangeSystemStatusRequest("supplier-payments", SystemStatus.Operational, "Payments system back"), Operator);
        await Portal.Get<ChangeSystemStatus>().HandleAsync(
            new ChangeSystemStatusRequest("westgate-plant", SystemStatus.Offline, "Checks found a fault"), Operator);
        board.WaitForAssertion(() => Assert.Equal("Offline", StatusOf(board, "westgate-plant")));
        Assert.DoesNotContain("Payments system back", board.Markup);
        Assert.Empty(board.FindAll("[data-system='supplier-payments']"));
    }
}
