using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Events.Payloads;
using Portal.Core.Features.MaintenanceWindows;
using Portal.Tests.Support;

namespace Portal.Tests.Features.MaintenanceWindows;

public sealed class ScheduleMaintenanceTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Saturday = new(2026, 11, 28, 18, 0, 0, TimeSpan.Zero);

    private TestPortal _portal = null!;

    public async Task InitializeAsync() => _portal = await TestPortal.StartAsync();

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    private ScheduleMaintenance UseCase => _portal.Get<ScheduleMaintenance>();

    private async Task<int> SystemIdAsync(string slug)
    {
        await using var db = _portal.NewDbContext();
        return await db.EstateSystems.Where(s => s.Slug == slug).Select(s => s.Id).SingleAsync();
    }

    private async Task<ScheduleMaintenanceRequest> PaymentsCutOverAsync() =>
        new("Supplier payments: move to the rebuilt system",
            "Payment runs pause while the rebuilt payments system takes over.",
            Saturday, Saturday.AddHours(6), ["suppliers"], [await SystemIdAsync("supplier-payments")]);

    [Fact]
    public async Task SchedulesAWindowWithAnAuditEntryAndAnEvent()
    {
        var request = await PaymentsCutOverAsync();

        var scheduled = await UseCase.HandleAsync(request, Actors.Operator);

        await using var db = _portal.NewDbContext();
        var window = await db.Maintenances.SingleAsync(m => m.Id == scheduled.Id);
        Assert.Equal((request.Title, Saturday, Saturday.AddHours(6), TestPortal.DemoNow, null, 0),
            (window.Title, window.StartsAt, window.EndsAt, window.CreatedAt, window.CancelledAt, window.Version));
        Assert.Equal(request.AffectedSystemIds, window.AffectedSystemIds);

        var audit = await db.AuditEntries.SingleAsync();
        Assert.Equal(("maintenance.scheduled", nameof(Maintenance), window.Id.ToString(), null),
            (audit.Action, audit.EntityType, audit.EntityId, audit.Before));
        Assert.Contains($"\"affectedSystemIds\":[{request.AffectedSystemIds[0]}]", audit.After);

        var portalEvent = await db.PortalEvents.SingleAsync();
        Assert.Equal(PortalEventTypes.MaintenanceUpdated, portalEvent.Type);
        Assert.Equal(["suppliers"], portalEvent.Audiences);
        Assert.Equal(["cancelledAt", "change", "description", "endsAt", "id", "startsAt", "title"], portalEvent.PayloadProperties());
        Assert.Equal(MaintenanceChange.Scheduled, scheduled.Change);
        Assert.Equal(scheduled, portalEvent.Payload<MaintenanceUpdatedData>());
    }

    [Fact]
    public async Task SendsASupplierOnlyWindowOnlyToSuppliers()
    {
        using var suppliers = _portal.RecordEvents(Viewers.Suppliers);
        using var retailers = _portal.RecordEvents(Viewers.Retailers);
        using var publicViewers = _portal.RecordEvents(Viewers.Public);

        await UseCase.HandleAsync(await PaymentsCutOverAsync(), Actors.Operator);

        Assert.Single(suppliers.Events);
        Assert.Empty(retailers.Events);
        Assert.Empty(publicViewers.Events);
    }

    [Fact]
    public async Task AcceptsAWindowThatHasAlreadyStarted()
    {
        var request = await PaymentsCutOverAsync() with { StartsAt = TestPortal.DemoNow.AddHours(-1), EndsAt = TestPortal.DemoNow.AddHours(1) };

        var scheduled = await UseCase.HandleAsync(request, Actors.Operator);

        Assert.Equal(TestPortal.DemoNow.AddHours(-1), scheduled.StartsAt);
    }

    [Fact]
    public async Task RefusesAWindowThatHasAlreadyEnded()
    {
        var request = await PaymentsCutOverAsync() with { StartsAt = TestPortal.DemoNow.AddHours(-3), EndsAt = TestPortal.DemoNow.AddHours(-1) };

        var refused = await Assert.ThrowsAsync<DomainException>(() => UseCase.HandleAsync(request, Actors.Operator));

        Assert.Equal("The window would end at 2026-11-26 08:30:00Z, which has already passed. Check the dates.", refused.Message);
        await _portal.AssertNothingWrittenAsync();
    }

    [Fact]
    public async Task RefusesUnknownSystems()
    {
        var request = await PaymentsCutOverAsync();

        var refused = await Assert.ThrowsAsync<DomainException>(() =>
            UseCase.HandleAsync(request with { AffectedSystemIds = [request.AffectedSystemIds[0], 998, 999] }, Actors.Operator));

        Assert.Equal("There are no systems with ids 998, 999.", refused.Message);
        await _portal.AssertNothingWrittenAsync();
    }

    [Fact]
    public async Task RefusesBadInputAndWritesNothing()
    {
        var request = await PaymentsCutOverAsync();

        await Assert.ThrowsAsync<DomainException>(() => UseCase.HandleAsync(request with { EndsAt = request.StartsAt }, Actors.Operator));
        await Assert.ThrowsAsync<DomainException>(() => UseCase.HandleAsync(request with { Title = " " }, Actors.Operator));
        await Assert.ThrowsAsync<DomainException>(() => UseCase.HandleAsync(request with { Audiences = [] }, Actors.Operator));
        await Assert.ThrowsAsync<DomainException>(() => UseCase.HandleAsync(request with { Audiences = ["press"] }, Actors.Operator));

        await _portal.AssertNothingWrittenAsync();
        await using var db = _portal.NewDbContext();
        Assert.Equal(2, await db.Maintenances.CountAsync());
    }

    [Fact]
    public async Task RefusesSomeoneWhoIsNotAnOperator()
    {
        await Assert.ThrowsAsync<ForbiddenException>(async () => await UseCase.HandleAsync(await PaymentsCutOverAsync(), Actors.Publisher));

        await _portal.AssertNothingWrittenAsync();
        await using var db = _portal.NewDbContext();
        Assert.Equal(2, await db.Maintenances.CountAsync());
    }
}
