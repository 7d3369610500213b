using Portal.Core.Domain;
using Portal.Core.Features.MaintenanceWindows;
using Portal.Tests.Support;

namespace Portal.Tests.Features.MaintenanceWindows;

public sealed class GetMaintenanceForConsoleTests : IAsyncLifetime
{
    private TestPortal _portal = null!;

    public async Task InitializeAsync() => _portal = await TestPortal.StartAsync();

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    private GetMaintenanceForConsole UseCase => _portal.Get<GetMaintenanceForConsole>();

    [Fact]
    public async Task ListsEveryWindowCancelledAndPastIncludedLatestStartFirst()
    {
        var seeded = (await UseCase.HandleAsync(Actors.Operator)).Windows;
        var shortWindow = await _portal.Get<ScheduleMaintenance>().HandleAsync(new ScheduleMaintenanceRequest(
            "Email: mailbox moves", "", TestPortal.DemoNow, TestPortal.DemoNow.AddHours(1), ["colleagues"], []), Actors.Operator);
        var certificates = seeded.Single(m => m.Title.StartsWith("Supplier portal"));
        await _portal.Get<CancelMaintenance>().HandleAsync(new CancelMaintenanceRequest(certificates.Id, "Postponed"), Actors.Operator);
        _portal.Clock.Advance(TimeSpan.FromHours(2));

        var windows = (await UseCase.HandleAsync(Actors.Operator)).Windows;

        Assert.Equal(["Supplier portal: certificate renewal", "Riverside plant: manufacturing execution cut-over", "Email: mailbox moves"],
            windows.Select(m => m.Title));
        Assert.Equal((TestPortal.DemoNow, 1, false), (windows[0].CancelledAt, windows[0].Version, windows[0].IsUpcoming));
        Assert.Equal(["suppliers"], windows[0].Audiences);
        Assert.Equal((shortWindow.Id, false, false), (windows[2].Id, windows[2].IsActive, windows[2].IsUpcoming));
        Assert.True(windows[1].IsUpcoming);
    }

    [Fact]
    public async Task NamesTheAffectedSystems()
    {
        var windows = (await UseCase.HandleAsync(Actors.Operator)).Windows;

        var riverside = Assert.Single(windows.Single(m => m.Title.StartsWith("Riverside")).AffectedSystems);
        Assert.Equal(("riverside-plant", "Riverside plant manufacturing execution"), (riverside.Slug, riverside.Name));
    }

    [Fact]
    public async Task LetsAnyStaffLook()
    {
        var console = await UseCase.HandleAsync(Actors.Publisher);

        Assert.Equal(2, console.Windows.Count);
    }

    [Fact]
    public async Task RefusesSomeoneWithoutAStaffRole()
    {
        await Assert.ThrowsAsync<ForbiddenException>(() => UseCase.HandleAsync(Actors.NoRole));
    }
}
