using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Features.Board;
using Portal.Core.Persistence;

namespace Portal.Core.Features.Systems;

public sealed record SystemDetail(
    long Sequence,
    int Id,
    string Slug,
    string Name,
    string Description,
    string GroupName,
    SystemStatus Status,
    string? Workaround,
    DateTimeOffset StatusChangedAt,
    DateTimeOffset? ExpectedRestorationAt,
    string? PhaseName,
    IReadOnlyList<DailyStatus> Days,
    IReadOnlyList<StatusTimelineEntry> Timeline,
    IReadOnlyList<StatementSummary> Statements);

public sealed record StatusTimelineEntry(SystemStatus From, SystemStatus To, string Reason, string? Workaround, DateTimeOffset ChangedAt);

/// <summary>One system's page. Null when the system does not exist or the viewer may not see it (both are "not found").</summary>
public sealed class GetSystemDetail(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock)
{
    public const int HistoryDays = 90;
    public const int TimelineLength = 50;

    public async Task<SystemDetail?> HandleAsync(string slug, Viewer viewer, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var sequence = await db.LatestVisibleSequenceAsync(viewer.Audiences, cancellationToken);
        var system = await db.EstateSystems.AsNoTracking()
            .VisibleTo(viewer)
            .Include(s => s.Group)
            .Include(s => s.StatusChanges)
            .Where(s => s.Slug == slug)
            .SingleOrDefaultAsync(cancellationToken);
        if (system is null)
        {
            return null;
        }

        var phaseName = system.RestartPhaseId is { } phaseId
            ? await db.RestartPhases.VisibleTo(viewer).Where(p => p.Id == phaseId)
                .Select(p => p.Name).SingleOrDefaultAsync(cancellationToken)
            : null;

        var statements = await db.Statements.AsNoTracking()
            .VisibleTo(viewer)
            .Where(s => (s.State == StatementState.Published || s.State == StatementState.Withdrawn)
                && s.LinkedSystemIds.Contains(system.Id))
            .OrderByDescending(s => s.UpdatedAt)
            .Include(s => s.Revisions)
            .ToListAsync(cancellationToken);

        var timeline = system.StatusChanges
            .OrderByDescending(c => c.ChangedAt)
            .Take(TimelineLength)
            .Select(c => new StatusTimelineEntry(c.From, c.To, c.Reason, c.Workaround, c.ChangedAt))
            .ToList();

        return new SystemDetail(
            sequence,
            system.Id, system.Slug, system.Name, system.Description, system.Group.Name,
            system.Status, system.Workaround, system.StatusChangedAt, system.ExpectedRestorationAt, phaseName,
            StatusHistory.DailyWorst(system.CreatedAt, system.StatusChanges, clock.GetUtcNow(), HistoryDays),
            timeline,
            [.. statements.Select(StatementSummaries.From)]);
    }
}
