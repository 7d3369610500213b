using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Events.Payloads;
using Portal.Core.Persistence;

namespace Portal.Core.Features.MaintenanceWindows;

public sealed record ScheduleMaintenanceRequest(
    string Title,
    string Description,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    IReadOnlyList<string> Audiences,
    IReadOnlyList<int> AffectedSystemIds);

/// <summary>Announces a maintenance window. It may already have started, but not already ended.</summary>
public sealed class ScheduleMaintenance(
    IDbContextFactory<PortalDbContext> dbFactory,
    PortalEventStream stream,
    TimeProvider clock)
{
    public async Task<MaintenanceUpdatedData> HandleAsync(
        ScheduleMaintenanceRequest request,
        Actor actor,
        CancellationToken cancellationToken = default)
    {
        actor.RequireRoleOrScope(PortalRoles.Operator, ApiScopes.MaintenanceWrite);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var audiences = await db.KnownAsync(request.Audiences, cancellationToken);
        var systemIds = await db.RequireKnownSystemsAsync(request.AffectedSystemIds, cancellationToken);
        var window = new Maintenance(request.Title, request.Description, request.StartsAt, request.EndsAt,
            audiences, systemIds, now);
        MaintenanceRules.RefuseEndInThePast(window.EndsAt, now);

        // Saved inside a transaction first to learn the id its audit entry and event carry.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Maintenances.Add(window);
        await db.SaveChangesAsync(cancellationToken);

        var data = MaintenanceUpdatedData.From(window, MaintenanceChange.Scheduled);
        db.Audit(actor, "maintenance.scheduled", MaintenanceRules.EntityType, window.Id.ToString(CultureInfo.InvariantCulture),
            null, MaintenanceRules.Snapshot(window), now);
        db.Emit(PortalEventTypes.MaintenanceUpdated, window.Audiences, data, now);
        await db.CommitAsync(stream, cancellationToken);
        return data;
    }
}
