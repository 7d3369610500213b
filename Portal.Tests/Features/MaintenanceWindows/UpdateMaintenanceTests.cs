using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Events.Payloads;
using Portal.Core.Features.MaintenanceWindows;
using Portal.Tests.Support;

namespace Portal.Tests.Features.MaintenanceWindows;

public sealed class UpdateMaintenanceTests : IAsyncLifetime
{
    private TestPortal _portal = null!;

    public async Task InitializeAsync() => _portal = await TestPortal.StartAsync();

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    private UpdateMaintenance UseCase => _portal.Get<UpdateMaintenance>();

    /// <summary>An edit of the seeded Riverside cut-over that changes nothing yet.</summary>
    private async Task<UpdateMaintenanceRequest> EditOfRiversideCutOverAsync()
    {
        await using var db = _portal.NewDbContext();
        var window = await db.Maintenances.SingleAsync(m => m.Title.StartsWith("Riverside"));
        return EditOf(window);
    }

    private static UpdateMaintenanceRequest EditOf(Maintenance window) =>
        new(window.Id, window.Title, window.Description, window.StartsAt, window.EndsAt, window.Audiences,
            window.AffectedSystemIds, window.Version);

    [Fact]
    public async Task ChangesTheWindowAndRecordsBeforeAndAfter()
    {
        var edit = await EditOfRiversideCutOverAsync();
        var later = edit.EndsAt.AddHours(2);

        var updated = await UseCase.HandleAsync(edit with { EndsAt = later, Audiences = ["colleagues", "suppliers"] }, Actors.Operator);

        await using var db = _portal.NewDbContext();
        var window = await db.Maintenances.SingleAsync(m => m.Id == edit.Id);
        Assert.Equal((later, edit.ExpectedVersion + 1), (window.EndsAt, window.Version));
        Assert.Equal(["colleagues", "suppliers"], window.Audiences);

        var audit = await db.AuditEntries.SingleAsync();
        Assert.Equal(("maintenance.updated", edit.Id.ToString()), (audit.Action, audit.EntityId));
        Assert.Contains("\"public\"", audit.Before);
        Assert.DoesNotContain("\"public\"", audit.After);

        var events = await db.PortalEvents.OrderBy(e => e.Sequence).ToListAsync();
        Assert.Equal(["public"], events[0].Audiences);
        Assert.Equal(["id", "removed"], EventData.PropertyNames(events[0]));
        var portalEvent = events[1];
        Assert.Equal(PortalEventTypes.MaintenanceUpdated, portalEvent.Type);
        Assert.Equal(["colleagues", "suppliers"], portalEvent.Audiences);
        Assert.Equal(updated, portalEvent.Payload<MaintenanceUpdatedData>());
        Assert.Equal(later, updated.EndsAt);
    }

    [Fact]
    public async Task CorrectsTheWordsOfAWindowThatHasEnded()
    {
        var edit = await EditOfRiversideCutOverAsync();
        _portal.Clock.Advance(edit.EndsAt - TestPortal.DemoNow + TimeSpan.FromHours(1));

        var updated = await UseCase.HandleAsync(edit with { Description = "The line paused for the window, as planned." }, Actors.Operator);

        Assert.Equal("The line paused for the window, as planned.", updated.Description);
    }

    [Fact]
    public async Task RefusesToMoveTheEndIntoThePast()
    {
        var edit = await EditOfRiversideCutOverAsync();

        var refused = await Assert.ThrowsAsync<DomainException>(() => UseCase.HandleAsync(
            edit with { StartsAt = TestPortal.DemoNow.AddHours(-2), EndsAt = TestPortal.DemoNow.AddMinutes(-1) }, Actors.Operator));

        Assert.Contains("which has already passed", refused.Message);
        await _portal.AssertNothingWrittenAsync();
    }

    [Fact]
    public async Task RefusesToChangeACancelledWindow()
    {
        var edit = await EditOfRiversideCutOverAsync();
        await _portal.Get<CancelMaintenance>().HandleAsync(new CancelMaintenanceRequest(edit.Id, "Servers not ready"), Actors.Operator);

        var refused = await Assert.ThrowsAsync<DomainException>(() =>
            UseCase.HandleAsync(edit with { Title = "Revived", ExpectedVersion = edit.ExpectedVersion + 1 }, Actors.Operator));

        Assert.Equal("This maintenance window is cancelled and stays as it was; schedule a new one instead.", refused.Message);
    }

    [Fact]
    public async Task RefusesAnEditMadeFromAStaleVersion()
    {
        var edit = await EditOfRiversideCutOverAsync();
        var moved = edit.StartsAt.AddDays(1);
        await UseCase.HandleAsync(edit with { StartsAt = moved, EndsAt = moved.AddHours(8) }, Actors.Operator);

        var conflict = await Assert.ThrowsAsync<ConcurrencyConflictException>(() =>
            UseCase.HandleAsync(edit with { Title = "Second operator's title" }, Actors.Operator));

        Assert.Equal("'Riverside plant: manufacturing execution cut-over' was changed by someone else while you were editing it "
            + "(it now runs from 2026-11-29 20:00:00Z to 2026-11-30 04:00:00Z). Review the latest version and save again.", conflict.Message);
        await using var db = _portal.NewDbContext();
        Assert.Equal(edit.Title, (await db.Maintenances.SingleAsync(m => m.Id == edit.Id)).Title);
    }

    [Fact]
    public async Task RefusesBadInputAndWritesNothing()
    {
        var edit = await EditOfRiversideCutOverAsync();

        await Assert.ThrowsAsync<DomainException>(() => UseCase.HandleAsync(edit with { AffectedSystemIds = [999] }, Actors.Operator));
        await Assert.ThrowsAsync<DomainException>(() => UseCase.HandleAsync(edit with { EndsAt = edit.StartsAt.AddHours(-1) }, Actors.Operator));
        await Assert.ThrowsAsync<DomainException>(() => UseCase.HandleAsync(edit with { Title = "" }, Actors.Operator));
        await Assert.ThrowsAsync<NotFoundException>(() => UseCase.HandleAsync(edit with { Id = 999 }, Actors.Operator));

        await _portal.AssertNothingWrittenAsync();
    }

    [Fact]
    public async Task RefusesSomeoneWhoIsNotAnOperator()
    {
        var edit = await EditOfRiversideCutOverAsync();

        await Assert.ThrowsAsync<ForbiddenException>(() => UseCase.HandleAsync(edit with { Title = "Not mine" }, Actors.Publisher));

        await _portal.AssertNothingWrittenAsync();
    }
}
