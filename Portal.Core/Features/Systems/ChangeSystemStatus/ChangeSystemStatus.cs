using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Persistence;

namespace Portal.Core.Features.Systems;

/// <param name="ExpectedVersion">The version the operator saw; when given and stale, the change is refused.</param>
public sealed record ChangeSystemStatusRequest(
    string Slug,
    SystemStatus Status,
    string Reason,
    string? Workaround = null,
    DateTimeOffset? ExpectedRestorationAt = null,
    int? ExpectedVersion = null);

/// <summary>
/// Moves a system to a new status. The change, its audit entry and its event are written in one
/// transaction; the event reaches live pages only after the commit.
/// </summary>
public sealed class ChangeSystemStatus(
    IDbContextFactory<PortalDbContext> dbFactory,
    PortalEventStream stream,
    TimeProvider clock)
{
    public async Task<SystemStatusChangedData> HandleAsync(
        ChangeSystemStatusRequest request,
        Actor actor,
        CancellationToken cancellationToken = default)
    {
        actor.RequireRoleOrScope(PortalRoles.Operator, ApiScopes.StatusWrite);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var system = await db.EstateSystems.SingleOrDefaultAsync(s => s.Slug == request.Slug, cancellationToken)
            ?? throw new NotFoundException($"There is no system '{request.Slug}'.");
        actor.RequireMayChange(system);
        CheckVersion(system, request.ExpectedVersion);

        var data = ChangeAndRecord(db, system, request.Status, request.Reason, request.Workaround,
            request.ExpectedRestorationAt, actor, clock.GetUtcNow());
        await db.CommitAsync(stream, cancellationToken);
        return data;
    }

    /// <summary>Refuses a change made from a version of <paramref name="system"/> that is no longer current.</summary>
    internal static void CheckVersion(EstateSystem system, int? expectedVersion)
    {
        if (expectedVersion is { } expected && expected != system.Version)
        {
            throw new ConcurrencyConflictException(
                $"{system.Name} was changed by someone else (it is now {system.Status.DisplayName()}). Review and save again.");
        }
    }

    /// <summary>
    /// Changes one system's status and adds its audit entry and event to the pending change; the
    /// caller commits, so several systems can change in one transaction.
    /// </summary>
    internal static SystemStatusChangedData ChangeAndRecord(
        PortalDbContext db,
        EstateSystem system,
        SystemStatus status,
        string reason,
        string? workaround,
        DateTimeOffset? expectedRestorationAt,
        Actor actor,
        DateTimeOffset now)
    {
        var before = Snapshot(system);
        var change = system.ChangeStatus(status, reason, workaround, expectedRestorationAt, actor.Name, now);

        var data = new SystemStatusChangedData(
            system.Id, system.Slug, system.Name, system.Status, system.Status.ToStatuspage(), change.From,
            system.Workaround, change.Reason, now, system.ExpectedRestorationAt);
        db.Audit(actor, "system.status.changed", nameof(EstateSystem), system.Slug, before, Snapshot(system), now);
        db.Emit(PortalEventTypes.SystemStatusChanged, system.Audiences, data, now);
        return data;
    }

    internal static object Snapshot(EstateSystem system) =>
        new { system.Status, system.Workaround, system.ExpectedRestorationAt, change = system.StatusChanges.LastOrDefault()?.Reason };
}
