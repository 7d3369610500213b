using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Events.Payloads;
using Portal.Core.Persistence;

namespace Portal.Core.Features.MaintenanceWindows;

/// <param name="ExpectedVersion">The version the operator edited; when stale, the change is refused. Null only from the API without If-Match.</param>
public sealed record UpdateMaintenanceRequest(
    int Id,
    string Title,
    string Description,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    IReadOnlyList<string> Audiences,
    IReadOnlyList<int> AffectedSystemIds,
    int? ExpectedVersion);

/// <summary>
/// Changes a maintenance window that is not cancelled. A window that has ended may still have its
/// words corrected, but no window may be moved to end in the past.
/// </summary>
public sealed class UpdateMaintenance(
    IDbContextFactory<PortalDbContext> dbFactory,
    PortalEventStream stream,
    TimeProvider clock)
{
    public async Task<MaintenanceUpdatedData> HandleAsync(
        UpdateMaintenanceRequest request,
        Actor actor,
        CancellationToken cancellationToken = default)
    {
        actor.RequireRoleOrScope(PortalRoles.Operator, ApiScopes.MaintenanceWrite);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var window = await db.Maintenances.SingleOrDefaultAsync(m => m.Id == request.Id, cancellationToken)
            ?? throw new NotFoundException($"There is no maintenance window {request.Id}.");
        if (request.ExpectedVersion is { } expected && expected != window.Version)
        {
            throw new ConcurrencyConflictException(
                $"'{window.Title}' was changed by someone else while you were editing it ({MaintenanceRules.DescribeCurrent(window)}). "
                + "Review the latest version and save again.");
        }

        var now = clock.GetUtcNow();
        var audiences = await db.KnownAsync(request.Audiences, cancellationToken);
        var systemIds = await db.RequireKnownSystemsAsync(request.AffectedSystemIds, cancellationToken);
        if (request.EndsAt != window.EndsAt)
        {
            MaintenanceRules.RefuseEndInThePast(request.EndsAt, now);
        }

        var before = MaintenanceRules.Snapshot(window);
        var audiencesBefore = window.Audiences.ToList();
        window.Update(request.Title, request.Description, request.StartsAt, request.EndsAt, audiences, systemIds);

        var data = MaintenanceUpdatedData.From(window, MaintenanceChange.Changed);
        db.Audit(actor, "maintenance.updated", MaintenanceRules.EntityType, window.Id.ToString(CultureInfo.InvariantCulture),
            before, MaintenanceRules.Snapshot(window), now);
        // Viewers who lose sight of it are told only that it is gone.
        db.EmitToKeptAndLostAudiences(PortalEventTypes.MaintenanceUpdated, window.Id, audiencesBefore, window.Audiences, data, now);
        await db.CommitAsync(stream, cancellationToken);
        return data;
    }
}
