using Bunit;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Features.MaintenanceWindows;
using Portal.Tests.Support;
using Portal.Web.Components.Pages.Admin.Maintenance;

namespace Portal.Tests.Components;

public sealed class MaintenancePageTests : PortalComponentTest
{
    private const string Riverside = "Riverside plant: manufacturing execution cut-over";
    private const string Certificates = "Supplier portal: certificate renewal";

    private IRenderedComponent<MaintenancePage> RenderAsOperator()
    {
        SignInAsStaff(Actors.Operator.Name, PortalRoles.Operator);
        var page = Render<MaintenancePage>();
        page.WaitForElement("[data-testid=current-windows]");
        return page;
    }

    private async Task<ConsoleMaintenance> WindowAsync(string title) =>
        (await Portal.Get<GetMaintenanceForConsole>().HandleAsync(Actors.Operator)).Windows.Single(w => w.Title == title);

    private static string ItemOf(ConsoleMaintenance window) => $"[data-window='{window.Id}']";

    private static List<string> TitlesIn(IRenderedComponent<MaintenancePage> page, string section) =>
        [.. page.FindAll($"[data-testid={section}] .console-item-title").Select(t => t.TextContent)];

    [Fact]
    public async Task ListsUpcomingAndActiveWindowsFirstThenPastAndCancelledOnesMarked()
    {
        var schedule = Portal.Get<ScheduleMaintenance>();
        var now = TestPortal.DemoNow;
        await schedule.HandleAsync(new ScheduleMaintenanceRequest("Paint shop cut-over", "", now.AddMinutes(10), now.AddMinutes(30), ["public"], []), Actors.Operator);
        await schedule.HandleAsync(new ScheduleMaintenanceRequest("Westgate machining checks", "", now.AddHours(-1), now.AddHours(3), ["colleagues"], []), Actors.Operator);
        await Portal.Get<CancelMaintenance>().HandleAsync(new CancelMaintenanceRequest((await WindowAsync(Certificates)).Id, "Certificates arrived early"), Actors.Operator);
        Portal.Clock.Advance(TimeSpan.FromHours(1));

        var page = RenderAsOperator();

        Assert.Equal(["Westgate machining checks", Riverside], TitlesIn(page, "current-windows"));
        Assert.Equal([Certificates, "Paint shop cut-over"], TitlesIn(page, "past-windows"));
        Assert.Equal(["Active now", "Upcoming", "Cancelled", "Ended"], page.FindAll("[data-testid=window-state]").Select(c => c.TextContent.Trim()));
        var riverside = ItemOf(await WindowAsync(Riverside));
        Assert.StartsWith("28 Nov 2026, 20:00 UTC", page.Find($"{riverside} [data-testid=starts]").TextContent);
        Assert.StartsWith("29 Nov 2026, 04:00 UTC", page.Find($"{riverside} [data-testid=ends]").TextContent);
        Assert.Equal("Public, Colleagues, Suppliers", page.Find($"{riverside} [data-testid=audiences]").TextContent);
        Assert.Equal("Riverside plant manufacturing execution", page.Find($"{riverside} [data-testid=affected-systems]").TextContent);
        var cancelled = ItemOf(await WindowAsync(Certificates));
        Assert.StartsWith("26 Nov 2026, 09:30 UTC", page.Find($"{cancelled} [data-testid=cancelled]").TextContent);
        Assert.Empty(page.FindAll($"{cancelled} button"));
        var ended = ItemOf(await WindowAsync("Paint shop cut-over"));
        Assert.Single(page.FindAll($"{ended} [data-testid=edit-window]"));
        Assert.Empty(page.FindAll($"{ended} [data-testid=cancel-window]"));
    }

    [Fact]
    public async Task ShowsMessagesNextToTheFieldsAndSchedulesNothingWhenTheFormIsInvalid()
    {
        var page = RenderAsOperator();
        page.Find("[data-testid=new-window]").Click();
        page.Find("[data-testid=maintenance-starts]").Change("2026-12-01T10:00:00");
        page.Find("[data-testid=maintenance-ends]").Change("2026-12-01T06:00:00");

        page.Find("[data-testid=save-maintenance]").Click();

        page.WaitForAssertion(() => Assert.Equal("Give the window a title: viewers see it on the board.", page.MessageUnder("maintenance-title")));
        Assert.Equal("The window must end after it starts.", page.MessageUnder("maintenance-ends"));
        Assert.Equal("", page.MessageUnder("maintenance-starts"));
        await using var db = Portal.NewDbContext();
        Assert.Equal(2, await db.Maintenances.CountAsync());
        await Portal.AssertNothingRecordedAsync();
    }

    [Fact]
    public async Task SchedulesAWindowWithItsAudiencesAndAffectedSystemsThroughCore()
    {
        var page = RenderAsOperator();
        page.Find("[data-testid=new-window]").Click();
        page.Find("[data-testid=maintenance-title]").Change("Retail ordering cut-over");
        page.Find("[data-testid=maintenance-description]").Change("Orders placed in the window are held and sent afterwards.");
        page.Find("[data-testid=maintenance-starts]").Change("2026-12-01T06:00:00");
        page.Find("[data-testid=maintenance-ends]").Change("2026-12-01T10:30:00");
        page.Find("input[data-audience=public]").Change(false);
        page.Find("input[data-audience=retailers]").Change(true);
        page.Find("input[data-system=retailer-vehicle-ordering]").Change(true);
        page.Find("input[data-system=dealer-system-integration]").Change(true);

        page.Find("[data-testid=save-maintenance]").Click();

        page.WaitForAssertion(() => Assert.Contains("“Retail ordering cut-over” is scheduled: viewers see it now.", Notices));
        Assert.Equal([Riverside, Certificates, "Retail ordering cut-over"], TitlesIn(page, "current-windows"));
        await using var db = Portal.NewDbContext();
        var window = await db.Maintenances.SingleAsync(m => m.Title == "Retail ordering cut-over");
        Assert.Equal("Orders placed in the window are held and sent afterwards.", window.Description);
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 6, 0, 0, TimeSpan.Zero), window.StartsAt);
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 10, 30, 0, TimeSpan.Zero), window.EndsAt);
        Assert.Equal(["retailers"], window.Audiences);
        var systems = await db.EstateSystems.Where(s => window.AffectedSystemIds.Contains(s.Id)).Select(s => s.Slug).OrderBy(s => s).ToListAsync();
        Assert.Equal(["dealer-system-integration", "retailer-vehicle-ordering"], systems);
    }

    [Fact]
    public async Task KeepsWhatWasTypedWhenSomeoneElseSavedTheWindowFirstAndSavesOverTheirVersionNextTime()
    {
        var page = RenderAsOperator();
        var seen = await WindowAsync(Riverside);
        page.Find($"{ItemOf(seen)} [data-testid=edit-window]").Click();
        page.Find("[data-testid=maintenance-title]").Change("Riverside: line control cut-over");
        await Portal.Get<UpdateMaintenance>().HandleAsync(new UpdateMaintenanceRequest(seen.Id, seen.Title, seen.Description,
            seen.StartsAt, seen.EndsAt.AddHours(2), [.. seen.Audiences], [.. seen.AffectedSystems.Select(s => s.Id)], seen.Version), Actors.Operator);

        page.Find("[data-testid=save-maintenance]").Click();

        page.WaitForAssertion(() => Assert.Contains("was changed by someone else", page.Find("[data-testid=maintenance-form] [data-testid=console-problem]").TextContent));
        Assert.Contains("to 29 Nov 2026, 06:00 UTC", page.Find("[data-testid=their-version]").TextContent);
        Assert.Equal("Riverside: line control cut-over", page.ValueOfField("maintenance-title"));
        Assert.Equal(Riverside, (await WindowAsync(Riverside)).Title);

        page.Find("[data-testid=save-maintenance]").Click();

        page.WaitForAssertion(() => Assert.Contains("“Riverside: line control cut-over” is saved.", Notices));
        Assert.Equal(seen.Id, (await WindowAsync("Riverside: line control cut-over")).Id);
    }

    [Fact]
    public async Task AsksForAReasonBeforeCancellingAWindow()
    {
        var page = RenderAsOperator();
        var seen = await WindowAsync(Riverside);
        page.Find($"{ItemOf(seen)} [data-testid=cancel-window]").Click();

        page.Find("[data-testid=confirm-cancel]").Click();

        page.WaitForAssertion(() => Assert.Equal("Say why the window is cancelled: the reason is kept in the audit log.", page.MessageUnder("cancel-reason")));
        Assert.Null((await WindowAsync(Riverside)).CancelledAt);
        await Portal.AssertNothingRecordedAsync();
    }

    [Fact]
    public async Task CancelsAWindowWithTheReasonAndMarksItCancelled()
    {
        var page = RenderAsOperator();
        var seen = await WindowAsync(Riverside);
        page.Find($"{ItemOf(seen)} [data-testid=cancel-window]").Click();
        page.Find("[data-testid=cancel-reason]").Change("The rebuilt servers failed acceptance tests.");

        page.Find("[data-testid=confirm-cancel]").Click();

        page.WaitForAssertion(() => Assert.Equal([Riverside], TitlesIn(page, "past-windows")));
        Assert.Equal("Cancelled", page.Find($"{ItemOf(seen)} [data-testid=window-state]").TextContent.Trim());
        Assert.Equal(TestPortal.DemoNow, (await WindowAsync(Riverside)).CancelledAt);
        var (_, audit) = await Portal.RecordedAsync();
        Assert.Contains("The rebuilt servers failed acceptance tests.", Assert.Single(audit).After);
    }
}
