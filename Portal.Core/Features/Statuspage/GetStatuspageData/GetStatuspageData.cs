using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Persistence;

namespace Portal.Core.Features.Statuspage;

/// <summary>
/// What the Statuspage-compatible API shows one viewer: their systems and groups, incidents
/// (with the published statements about them as updates) and maintenance windows.
/// </summary>
public sealed record StatuspageData(
    long Sequence,
    DateTimeOffset UpdatedAt,
    SystemStatus WorstStatus,
    IReadOnlyList<SystemGroup> Groups,
    IReadOnlyList<EstateSystem> Systems,
    IReadOnlyList<StatuspageIncident> Incidents,
    IReadOnlyList<Maintenance> Maintenance);

public sealed record StatuspageIncident(Incident Incident, IReadOnlyList<Statement> Updates, IReadOnlyList<EstateSystem> AffectedSystems);

public sealed class GetStatuspageData(IDbContextFactory<PortalDbContext> dbFactory)
{
    /// <summary>How many incidents the incident lists go back (Statuspage shows the 50 most recent).</summary>
    public const int IncidentLimit = 50;

    /// <summary>
    /// The newest event sequence <paramref name="viewer"/> may see: what an answer's ETag is made of, read
    /// alone so an unchanged page costs one query. A change for other audiences never moves it.
    /// </summary>
    public async Task<long> CurrentSequenceAsync(Viewer viewer, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.LatestVisibleSequenceAsync(viewer.Audiences, cancellationToken);
    }

    public async Task<StatuspageData> HandleAsync(Viewer viewer, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var sequence = await db.LatestVisibleSequenceAsync(viewer.Audiences, cancellationToken);

        var systems = await db.EstateSystems.AsNoTracking()
            .VisibleTo(viewer)
            .OrderBy(s => s.DisplayOrder)
            .ToListAsync(cancellationToken);
        var groupIds = systems.Select(s => s.GroupId).Distinct().ToList();
        var groups = await db.SystemGroups.AsNoTracking()
            .Where(g => groupIds.Contains(g.Id))
            .OrderBy(g => g.DisplayOrder)
            .ToListAsync(cancellationToken);

        var incidents = await db.Incidents.AsNoTracking()
            .VisibleTo(viewer)
            .OrderByDescending(i => i.StartedAt)
            .Take(IncidentLimit)
            .ToListAsync(cancellationToken);
        var incidentIds = incidents.Select(i => (int?)i.Id).ToList();
        var statements = await db.Statements.AsNoTracking()
            .VisibleTo(viewer)
            .Include(s => s.Revisions)
            .Where(s => incidentIds.Contains(s.IncidentId)
                && (s.State == StatementState.Published || s.State == StatementState.Withdrawn))
            .ToListAsync(cancellationToken);

        var maintenance = await db.Maintenances.AsNoTracking()
            .VisibleTo(viewer)
            .Where(m => m.CancelledAt == null)
            .OrderByDescending(m => m.StartsAt)
            .ToListAsync(cancellationToken);

        var visibleById = systems.ToDictionary(s => s.Id);
        var updatedAt = systems.Select(s => s.StatusChangedAt)
            .Concat(incidents.Select(i => i.UpdatedAt))
            .Concat(statements.Select(s => s.UpdatedAt))
            .DefaultIfEmpty(DateTimeOffset.UnixEpoch)
            .Max();

        return new StatuspageData(
            sequence,
            updatedAt,
            systems.Select(s => s.Status).Worst(),
            groups,
            systems,
            [.. incidents.Select(i => new StatuspageIncident(
                i,
                [.. statements.Where(s => s.IncidentId == i.Id).OrderByDescending(s => s.PublishedAt)],
                [.. i.AffectedSystemIds.Where(visibleById.ContainsKey).Select(id => visibleById[id])]))],
            maintenance);
    }
}
