using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Persistence;

namespace Portal.Core.Features.Phases;

/// <param name="Sequence">The event sequence the list is current at (see <see cref="PortalChanges.CurrentSequenceAsync"/>).</param>
public sealed record PhasesForConsole(long Sequence, IReadOnlyList<ConsolePhase> Phases);

/// <param name="SystemCount">How many systems the phase brings back, whoever may see them.</param>
public sealed record ConsolePhase(
    int Id,
    int Number,
    string Name,
    string Description,
    IReadOnlyList<string> Audiences,
    RestartPhaseState State,
    DateTimeOffset? ExpectedStart,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    int Version,
    int SystemCount);

/// <summary>Every restart phase, in order, for the admin console: not filtered by audience, so staff only.</summary>
public sealed class GetPhasesForConsole(IDbContextFactory<PortalDbContext> dbFactory)
{
    public async Task<PhasesForConsole> HandleAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Require([.. PortalRoles.All]);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var sequence = await db.CurrentSequenceAsync(cancellationToken);
        var phases = await db.RestartPhases.AsNoTracking().OrderBy(p => p.Number).ToListAsync(cancellationToken);
        var systemCounts = await db.EstateSystems
            .Where(s => s.RestartPhaseId != null)
            .GroupBy(s => s.RestartPhaseId!.Value)
            .Select(g => new { PhaseId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.PhaseId, g => g.Count, cancellationToken);

        return new PhasesForConsole(sequence, [.. phases.Select(p => new ConsolePhase(
            p.Id, p.Number, p.Name, p.Description, p.Audiences, p.State,
            p.ExpectedStart, p.StartedAt, p.CompletedAt, p.Version,
            systemCounts.GetValueOrDefault(p.Id)))]);
    }
}
