using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Persistence;

namespace Portal.Core.Features.Board;

public sealed record StatusBoard(
    long Sequence,
    SystemStatus OverallStatus,
    IncidentSummary? ActiveIncident,
    IReadOnlyList<StatementSummary> LatestStatements,
    IReadOnlyList<BoardGroup> Groups,
    IReadOnlyList<BoardPhase> Phases,
    IReadOnlyList<MaintenanceSummary> Maintenance);

public sealed record IncidentSummary(int Id, string Title, IncidentState State, IncidentImpact Impact, DateTimeOffset StartedAt, DateTimeOffset UpdatedAt);

public sealed record StatementSummary(
    int Id,
    string Title,
    string Excerpt,
    StatementState State,
    DateTimeOffset PublishedAt,
    DateTimeOffset UpdatedAt,
    int RevisionCount);

public sealed record BoardGroup(string Name, IReadOnlyList<BoardSystem> Systems);

public sealed record BoardSystem(
    int Id,
    string Slug,
    string Name,
    SystemStatus Status,
    string? Workaround,
    DateTimeOffset StatusChangedAt,
    DateTimeOffset? ExpectedRestorationAt);

/// <summary>A restart phase with progress counted over the systems the viewer may see only.</summary>
public sealed record BoardPhase(
    int Id,
    int Number,
    string Name,
    string Description,
    RestartPhaseState State,
    DateTimeOffset? ExpectedStart,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    int SystemsBack,
    int SystemsTotal);

public sealed record MaintenanceSummary(int Id, string Title, string Description, DateTimeOffset StartsAt, DateTimeOffset EndsAt, bool IsActive);

/// <summary>The public status board as one viewer may see it.</summary>
public sealed class GetStatusBoard(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock)
{
    public const int LatestStatementCount = 5;

    public async Task<StatusBoard> HandleAsync(Viewer viewer, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();

        var sequence = await db.LatestVisibleSequenceAsync(viewer.Audiences, cancellationToken);

        var systems = await db.EstateSystems.AsNoTracking()
            .VisibleTo(viewer)
            .Include(s => s.Group)
            .ToListAsync(cancellationToken);

        var groups = systems
            .GroupBy(s => s.GroupId)
            .Select(g => (Group: g.First().Group, Systems: g.OrderBy(s => s.DisplayOrder).ThenBy(s => s.Name)))
            .OrderBy(g => g.Group.DisplayOrder)
            .Select(g => new BoardGroup(g.Group.Name, [.. g.Systems.Select(ToBoardSystem)]))
            .ToList();

        var incident = await db.Incidents.AsNoTracking()
            .VisibleTo(viewer)
            .Where(i => i.State != IncidentState.Resolved)
            .OrderByDescending(i => i.Impact).ThenByDescending(i => i.StartedAt)
            .FirstOrDefaultAsync(cancellationToken);

        var statements = await db.Statements.AsNoTracking()
            .VisibleTo(viewer)
            .Where(s => s.State == StatementState.Published || s.State == StatementState.Withdrawn)
            .OrderByDescending(s => s.UpdatedAt)
            .Take(LatestStatementCount)
            .Include(s => s.Revisions)
            .ToListAsync(cancellationToken);

        var phases = await db.RestartPhases.AsNoTracking()
            .VisibleTo(viewer)
            .OrderBy(p => p.Number)
            .ToListAsync(cancellationToken);

        var maintenance = await db.Maintenances.AsNoTracking()
            .VisibleTo(viewer)
            .Where(m => m.EndsAt > now && m.CancelledAt == null)
            .OrderBy(m => m.StartsAt)
            .ToListAsync(cancellationToken);

        return new StatusBoard(
            sequence,
            systems.Select(s => s.Status).Worst(),
            incident is null ? null : new IncidentSummary(incident.Id, incident.Title, incident.State, incident.Impact, incident.StartedAt, incident.UpdatedAt),
            [.. statements.Select(StatementSummaries.From)],
            groups,
            [.. phases.Select(p => ToBoardPhase(p, systems))],
            [.. maintenance.Select(m => new MaintenanceSummary(m.Id, m.Title, m.Description, m.StartsAt, m.EndsAt, m.IsActive(now)))]);
    }

    private static BoardSystem ToBoardSystem(EstateSystem s) =>
        new(s.Id, s.Slug, s.Name, s.Status, s.Workaround, s.StatusChangedAt, s.ExpectedRestorationAt);

    private static BoardPhase ToBoardPhase(RestartPhase phase, IReadOnlyList<EstateSystem> visibleSystems)
    {
        var phaseSystems = visibleSystems.Where(s => s.RestartPhaseId == phase.Id).ToList();
        return new BoardPhase(
            phase.Id, phase.Number, phase.Name, phase.Description, phase.State,
            phase.ExpectedStart, phase.StartedAt, phase.CompletedAt,
            phaseSystems.Count(s => s.Status.IsAvailable()), phaseSystems.Count);
    }
}
