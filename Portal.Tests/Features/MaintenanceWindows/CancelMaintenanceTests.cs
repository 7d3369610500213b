using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Events.Payloads;
using Portal.Core.Features.MaintenanceWindows;
using Portal.Tests.Support;

namespace Portal.Tests.Features.MaintenanceWindows;

public sealed class CancelMaintenanceTests : IAsyncLifetime
{
    private TestPortal _portal = null!;

    public async Task InitializeAsync() => _portal = await TestPortal.StartAsync();

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    private CancelMaintenance UseCase => _portal.Get<CancelMaintenance>();

    private async Task<Maintenance> CertificateRenewalAsync()
    {
        await using var db = _portal.NewDbContext();
        return await db.Maintenances.SingleAsync(m => m.Title.StartsWith("Supplier portal"));
    }

    [Fact]
    public async Task CancelsTheWindowAndKeepsTheReasonInTheAuditLog()
    {
        var window = await CertificateRenewalAsync();
        using var suppliers = _portal.RecordEvents(Viewers.Suppliers);
        using var publicViewers = _portal.RecordEvents(Viewers.Public);

        var cancelled = await UseCase.HandleAsync(new CancelMaintenanceRequest(window.Id, "Certificates arrive next week", window.Version), Actors.Operator);

        var stored = await CertificateRenewalAsync();
        Assert.Equal((TestPortal.DemoNow, window.Version + 1), (stored.CancelledAt, stored.Version));
        await using var db = _portal.NewDbContext();
        var audit = await db.AuditEntries.SingleAsync();
        Assert.Equal(("maintenance.cancelled", window.Id.ToString()), (audit.Action, audit.EntityId));
        Assert.Contains("\"reason\":\"Certificates arrive next week\"", audit.After);
        Assert.Contains("\"cancelledAt\":null", audit.Before);

        var portalEvent = Assert.Single(suppliers.Events);
        Assert.Equal(PortalEventTypes.MaintenanceUpdated, portalEvent.Type);
        Assert.Equal(cancelled, portalEvent.Payload<MaintenanceUpdatedData>());
        Assert.Equal(TestPortal.DemoNow, cancelled.CancelledAt);
        Assert.Empty(publicViewers.Events);
    }

    [Fact]
    public async Task RefusesToCancelTwice()
    {
        var window = await CertificateRenewalAsync();
        await UseCase.HandleAsync(new CancelMaintenanceRequest(window.Id, "Postponed"), Actors.Operator);

        var refused = await Assert.ThrowsAsync<DomainException>(() =>
            UseCase.HandleAsync(new CancelMaintenanceRequest(window.Id, "Postponed again"), Actors.Operator));

        Assert.Equal("This maintenance window is already cancelled.", refused.Message);
        await using var db = _portal.NewDbContext();
        Assert.Equal(1, await db.PortalEvents.CountAsync());
    }

    [Fact]
    public async Task RefusesToCancelAWindowThatHasEnded()
    {
        var window = await CertificateRenewalAsync();
        _portal.Clock.Advance(window.EndsAt - TestPortal.DemoNow);

        var refused = await Assert.ThrowsAsync<DomainException>(() =>
            UseCase.HandleAsync(new CancelMaintenanceRequest(window.Id, "Too late"), Actors.Operator));

        Assert.Equal("This maintenance window has already ended; it stays in the record as it happened.", refused.Message);
        await _portal.AssertNothingWrittenAsync();
    }

    [Fact]
    public async Task RefusesACancellationWithoutAReason()
    {
        var window = await CertificateRenewalAsync();

        var refused = await Assert.ThrowsAsync<DomainException>(() =>
            UseCase.HandleAsync(new CancelMaintenanceRequest(window.Id, "  "), Actors.Operator));

        Assert.Equal("Reason is required.", refused.Message);
        await _portal.AssertNothingWrittenAsync();
        Assert.Null((await CertificateRenewalAsync()).CancelledAt);
    }

    [Fact]
    public async Task RefusesACancellationMadeFromAStaleVersion()
    {
        var window = await CertificateRenewalAsync();
        var edit = new UpdateMaintenanceRequest(window.Id, window.Title, window.Description, window.StartsAt.AddHours(1),
            window.EndsAt.AddHours(1), window.Audiences, window.AffectedSystemIds, window.Version);
        await _portal.Get<UpdateMaintenance>().HandleAsync(edit, Actors.Operator);

        var conflict = await Assert.ThrowsAsync<ConcurrencyConflictException>(() =>
            UseCase.HandleAsync(new CancelMaintenanceRequest(window.Id, "Not needed", window.Version), Actors.Operator));

        Assert.Contains("was changed by someone else (it now runs from 2026-11-30 23:00:00Z to 2026-12-01 00:00:00Z)", conflict.Message);
        Assert.Null((await CertificateRenewalAsync()).CancelledAt);
    }

    [Fact]
    public async Task RefusesAnUnknownWindow()
    {
        await Assert.ThrowsAsync<NotFoundException>(() => UseCase.HandleAsync(new CancelMaintenanceRequest(999, "Gone"), Actors.Operator));

        await _portal.AssertNothingWrittenAsync();
    }

    [Fact]
    public async Task RefusesSomeoneWhoIsNotAnOperator()
    {
        var window = await CertificateRenewalAsync();

        await Assert.ThrowsAsync<ForbiddenException>(() =>
            UseCase.HandleAsync(new CancelMaintenanceRequest(window.Id, "Not mine to cancel"), Actors.Publisher));

        await _portal.AssertNothingWrittenAsync();
        Assert.Null((await CertificateRenewalAsync()).CancelledAt);
    }
}
