using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Events.Payloads;
using Portal.Core.Persistence;

namespace Portal.Core.Features.MaintenanceWindows;

/// <param name="Reason">Why the window is called off; kept in the audit log.</param>
/// <param name="ExpectedVersion">The version the operator saw; when given and stale, the cancellation is refused.</param>
public sealed record CancelMaintenanceRequest(
    int Id,
    string Reason,
    int? ExpectedVersion = null);

/// <summary>Calls off a window that has not ended. It stays in the record, marked cancelled.</summary>
public sealed class CancelMaintenance(
    IDbContextFactory<PortalDbContext> dbFactory,
    PortalEventStream stream,
    TimeProvider clock)
{
    /// <summary>
    /// The reason lives only in the audit entry: a maintenance window has no column for it, so
    /// viewers see that a window was cancelled, not why.
    /// </summary>
    public const int ReasonMaxLength = 1000;

    public async Task<MaintenanceUpdatedData> HandleAsync(
        CancelMaintenanceRequest request,
        Actor actor,
        CancellationToken cancellationToken = default)
    {
        actor.RequireRoleOrScope(PortalRoles.Operator, ApiScopes.MaintenanceWrite);
        var reason = Guard.Text(request.Reason, ReasonMaxLength, "reason");
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var window = await db.Maintenances.SingleOrDefaultAsync(m => m.Id == request.Id, cancellationToken)
            ?? throw new NotFoundException($"There is no maintenance window {request.Id}.");
        if (request.ExpectedVersion is { } expected && expected != window.Version)
        {
            throw new ConcurrencyConflictException(
                $"'{window.Title}' was changed by someone else ({MaintenanceRules.DescribeCurrent(window)}). Review it and try again.");
        }

        var now = clock.GetUtcNow();
        var before = MaintenanceRules.Snapshot(window);
        window.Cancel(now);

        var data = MaintenanceUpdatedData.From(window, MaintenanceChange.Cancelled);
        db.Audit(actor, "maintenance.cancelled", MaintenanceRules.EntityType, window.Id.ToString(CultureInfo.InvariantCulture),
            before, new { window = MaintenanceRules.Snapshot(window), reason }, now);
        db.Emit(PortalEventTypes.MaintenanceUpdated, window.Audiences, data, now);
        await db.CommitAsync(stream, cancellationToken);
        return data;
    }
}
