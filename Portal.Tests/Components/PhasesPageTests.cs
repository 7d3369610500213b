using Bunit;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Features.Phases;
using Portal.Tests.Support;
using Portal.Web.Components.Pages.Admin.Phases;

namespace Portal.Tests.Components;

public sealed class PhasesPageTests : PortalComponentTest
{
    private IRenderedComponent<PhasesPage> RenderAsOperator()
    {
        SignInAsStaff(Actors.Operator.Name, PortalRoles.Operator);
        var page = Render<PhasesPage>();
        page.WaitForElement("[data-phase='5']");
        return page;
    }

    private async Task<ConsolePhase> PhaseAsync(int number) =>
        (await Portal.Get<GetPhasesForConsole>().HandleAsync(Actors.Operator)).Phases.Single(p => p.Number == number);

    private static string Fact(IRenderedComponent<PhasesPage> page, int number, string testId) =>
        page.Find($"[data-phase='{number}'] [data-testid={testId}]").TextContent.Trim();

    [Fact]
    public void ListsThePhasesInOrderWithStateTimesAudiencesAndSystemCounts()
    {
        var page = RenderAsOperator();

        Assert.Equal(["Secure foundations", "Money flowing again", "Supplier connections", "Plants back to production", "Sales and retail systems"],
            page.FindAll(".console-item .console-item-title").Select(t => t.TextContent));
        Assert.Equal(["Complete", "In progress", "In progress", "In progress", "Planned"],
            page.FindAll("[data-testid=phase-state]").Select(s => s.TextContent.Trim()));
        Assert.StartsWith("8 Nov 2026, 06:00 UTC", Fact(page, 1, "started"));
        Assert.StartsWith("21 Nov 2026, 00:00 UTC", Fact(page, 1, "completed"));
        Assert.StartsWith("2 Dec 2026, 09:30 UTC", Fact(page, 5, "expected-start"));
        Assert.Equal("Not yet", Fact(page, 5, "started"));
        Assert.Equal("Colleagues, Suppliers", Fact(page, 3, "audiences"));
        Assert.Equal("4 systems", Fact(page, 4, "system-count"));
        Assert.Equal("2 systems", Fact(page, 3, "system-count"));
    }

    [Fact]
    public void OffersStartOnlyForPlannedPhasesAndCompleteOnlyForPhasesInProgress()
    {
        var page = RenderAsOperator();

        Assert.Empty(page.FindAll("[data-phase='1'] [data-testid=start-phase], [data-phase='1'] [data-testid=complete-phase]"));
        Assert.Single(page.FindAll("[data-phase='4'] [data-testid=complete-phase]"));
        Assert.Empty(page.FindAll("[data-phase='4'] [data-testid=start-phase]"));
        Assert.Single(page.FindAll("[data-phase='5'] [data-testid=start-phase]"));
    }

    [Fact]
    public async Task ShowsMessagesNextToTheFieldsAndCreatesNothingWhenNameOrAudienceIsMissing()
    {
        var page = RenderAsOperator();
        page.Find("[data-testid=new-phase]").Click();
        page.Find("input[data-audience=public]").Change(false);

        page.Find("[data-testid=save-phase]").Click();

        page.WaitForAssertion(() => Assert.Equal("Name the phase: viewers see the name on the board.", page.MessageUnder("phase-name")));
        Assert.Equal("", page.MessageUnder("phase-description"));
        Assert.Equal("Choose who may see the phase.",
            page.Find("[data-testid=phase-form] .choice-row + .validation-message").TextContent.Trim());
        await using var db = Portal.NewDbContext();
        Assert.Equal(5, await db.RestartPhases.CountAsync());
        await Portal.AssertNothingRecordedAsync();
    }

    [Fact]
    public async Task CreatesAPlannedPhaseThroughCore()
    {
        var page = RenderAsOperator();
        page.Find("[data-testid=new-phase]").Click();
        Assert.Equal("6", page.ValueOfField("phase-number"));
        page.Find("[data-testid=phase-name]").Change("Dealer handovers");
        page.Find("[data-testid=phase-description]").Change("Retailers hand over vehicles ordered during the outage.");
        page.Find("[data-testid=phase-expected-start]").Change("2026-12-10T08:00:00");
        page.Find("input[data-audience=retailers]").Change(true);

        page.Find("[data-testid=save-phase]").Click();

        page.WaitForAssertion(() => Assert.Contains("Phase 6, Dealer handovers, is created and planned.", Notices));
        Assert.Equal("Dealer handovers", page.Find("[data-phase='6'] .console-item-title").TextContent);
        await using var db = Portal.NewDbContext();
        var phase = await db.RestartPhases.SingleAsync(p => p.Number == 6);
        Assert.Equal("Dealer handovers", phase.Name);
        Assert.Equal("Retailers hand over vehicles ordered during the outage.", phase.Description);
        Assert.Equal(["public", "retailers"], phase.Audiences);
        Assert.Equal(new DateTimeOffset(2026, 12, 10, 8, 0, 0, TimeSpan.Zero), phase.ExpectedStart);
        Assert.Equal(RestartPhaseState.Planned, phase.State);
    }

    [Fact]
    public async Task EditsAPhaseThroughCore()
    {
        var page = RenderAsOperator();
        page.Find("[data-phase='3'] [data-testid=edit-phase]").Click();
        Assert.Equal("Supplier connections", page.ValueOfField("phase-name"));
        page.Find("[data-testid=phase-name]").Change("Supplier connections and EDI");
        page.Find("input[data-audience=colleagues]").Change(false);
        page.Find("[data-testid=phase-expected-start]").Change("2026-11-16T07:30:00");

        page.Find("[data-testid=save-phase]").Click();

        page.WaitForAssertion(() => Assert.Equal("Supplier connections and EDI", page.Find("[data-phase='3'] .console-item-title").TextContent));
        var phase = await PhaseAsync(3);
        Assert.Equal("Supplier connections and EDI", phase.Name);
        Assert.Equal(["suppliers"], phase.Audiences);
        Assert.Equal(new DateTimeOffset(2026, 11, 16, 7, 30, 0, TimeSpan.Zero), phase.ExpectedStart);
        Assert.Equal(RestartPhaseState.InProgress, phase.State);
    }

    [Fact]
    public async Task KeepsWhatWasTypedWhenSomeoneElseSavedThePhaseFirstAndSavesOverTheirVersionNextTime()
    {
        var page = RenderAsOperator();
        page.Find("[data-phase='5'] [data-testid=edit-phase]").Click();
        page.Find("[data-testid=phase-name]").Change("Sales, retail and registration");
        var seen = await PhaseAsync(5);
        await Portal.Get<UpdateRestartPhase>().HandleAsync(new UpdateRestartPhaseRequest(
            seen.Id, 5, "Retail systems", seen.Description, [.. seen.Audiences], seen.ExpectedStart, seen.Version), Actors.Operator);

        page.Find("[data-testid=save-phase]").Click();

        page.WaitForAssertion(() => Assert.Contains("was changed by someone else", page.Find("[data-testid=phase-form] [data-testid=console-problem]").TextContent));
        Assert.Contains("“Retail systems”", page.Find("[data-testid=their-version]").TextContent);
        Assert.Equal("Sales, retail and registration", page.ValueOfField("phase-name"));
        Assert.Equal("Retail systems", (await PhaseAsync(5)).Name);

        page.Find("[data-testid=save-phase]").Click();

        page.WaitForAssertion(() => Assert.Contains("Phase 5, Sales, retail and registration, is saved.", Notices));
        Assert.Equal("Sales, retail and registration", (await PhaseAsync(5)).Name);
    }

    [Fact]
    public async Task StartsAPlannedPhase()
    {
        var page = RenderAsOperator();

        page.Find("[data-phase='5'] [data-testid=start-phase]").Click();

        page.WaitForAssertion(() => Assert.Equal("In progress", Fact(page, 5, "phase-state")));
        Assert.StartsWith("26 Nov 2026, 09:30 UTC", Fact(page, 5, "started"));
        var phase = await PhaseAsync(5);
        Assert.Equal(RestartPhaseState.InProgress, phase.State);
        Assert.Equal(TestPortal.DemoNow, phase.StartedAt);
    }

    [Fact]
    public async Task CompletesAPhaseInProgress()
    {
        var page = RenderAsOperator();

        page.Find("[data-phase='4'] [data-testid=complete-phase]").Click();

        page.WaitForAssertion(() => Assert.Equal("Complete", Fact(page, 4, "phase-state")));
        Assert.Equal(RestartPhaseState.Complete, (await PhaseAsync(4)).State);
    }

    [Fact]
    public async Task ShowsAnotherOperatorsChangeWithoutReloading()
    {
        var page = RenderAsOperator();
        var seen = await PhaseAsync(5);

        await Portal.Get<ChangeRestartPhaseState>().HandleAsync(
            new ChangeRestartPhaseStateRequest(seen.Id, RestartPhaseState.InProgress, seen.Version), Actors.Operator);

        page.WaitForAssertion(() => Assert.Equal("In progress", Fact(page, 5, "phase-state")));
        Assert.Single(page.FindAll("[data-phase='5'] [data-testid=complete-phase]"));
    }
}
