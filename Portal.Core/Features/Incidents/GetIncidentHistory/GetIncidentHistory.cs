using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Features.Board;
using Portal.Core.Persistence;

namespace Portal.Core.Features.Incidents;

public sealed record PastIncident(int Id, string Title, IncidentImpact Impact, DateTimeOffset StartedAt, DateTimeOffset ResolvedAt,
    IReadOnlyList<StatementSummary> Statements);

/// <param name="Sequence">The event sequence the history was read at (for live pages).</param>
public sealed record IncidentHistory(long Sequence, IReadOnlyList<PastIncident> Incidents);

/// <summary>
/// The resolved incidents the viewer may see, most recently resolved first, each with the published (and
/// withdrawn) statements on it that the viewer may see, newest first.
/// </summary>
public sealed class GetIncidentHistory(IDbContextFactory<PortalDbContext> dbFactory)
{
    public const int MaxIncidents = 100;

    public async Task<IncidentHistory> HandleAsync(Viewer viewer, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var sequence = await db.LatestVisibleSequenceAsync(viewer.Audiences, cancellationToken);

        var incidents = await db.Incidents.AsNoTracking().VisibleTo(viewer)
            .Where(i => i.State == IncidentState.Resolved)
            .OrderByDescending(i => i.ResolvedAt ?? i.UpdatedAt)
            .Take(MaxIncidents)
            .ToListAsync(cancellationToken);
        var ids = incidents.Select(i => i.Id).ToList();
        List<Statement> statements = ids.Count == 0 ? [] : await db.Statements.AsNoTracking()
            .VisibleTo(viewer)
            .Where(s => s.IncidentId != null && ids.Contains(s.IncidentId.Value))
            .Where(s => s.State == StatementState.Published || s.State == StatementState.Withdrawn)
            .OrderByDescending(s => s.PublishedAt)
            .Include(s => s.Revisions)
            .ToListAsync(cancellationToken);

        return new IncidentHistory(sequence, [.. incidents.Select(i => new PastIncident(i.Id, i.Title, i.Impact, i.StartedAt, i.ResolvedAt ?? i.UpdatedAt,
            [.. statements.Where(s => s.IncidentId == i.Id).Select(StatementSummaries.From)]))]);
    }
}
