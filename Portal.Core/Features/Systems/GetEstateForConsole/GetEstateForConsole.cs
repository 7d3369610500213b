using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Persistence;

namespace Portal.Core.Features.Systems;

/// <param name="Sequence">The event sequence the data is current at.</param>
public sealed record ConsoleEstate(
    long Sequence,
    IReadOnlyList<ConsoleSystemGroup> Groups,
    IReadOnlyList<ConsoleSystem> Systems,
    IReadOnlyList<ConsolePhase> Phases);

public sealed record ConsoleSystemGroup(int Id, string Name, int DisplayOrder);

public sealed record ConsoleSystem(
    int Id,
    string Slug,
    string Name,
    string Description,
    int GroupId,
    int DisplayOrder,
    IReadOnlyList<string> Audiences,
    SystemStatus Status,
    string? Workaround,
    DateTimeOffset? ExpectedRestorationAt,
    int? RestartPhaseId,
    int Version,
    DateTimeOffset StatusChangedAt);

public sealed record ConsolePhase(int Id, int Number, string Name);

/// <summary>
/// The whole estate for the admin console, whatever its audiences. The console's pages are only for
/// staff, so this query does not filter by viewer: never use it to answer a viewer.
/// </summary>
public sealed class GetEstateForConsole(IDbContextFactory<PortalDbContext> dbFactory)
{
    public async Task<ConsoleEstate> HandleAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var sequence = await db.CurrentSequenceAsync(cancellationToken);

        var groups = await db.SystemGroups.AsNoTracking()
            .OrderBy(g => g.DisplayOrder).ThenBy(g => g.Name)
            .Select(g => new ConsoleSystemGroup(g.Id, g.Name, g.DisplayOrder))
            .ToListAsync(cancellationToken);

        var systems = await db.EstateSystems.AsNoTracking().ToListAsync(cancellationToken);

        var phases = await db.RestartPhases.AsNoTracking()
            .OrderBy(p => p.Number)
            .Select(p => new ConsolePhase(p.Id, p.Number, p.Name))
            .ToListAsync(cancellationToken);

        var groupOrder = groups.Select((g, index) => (g.Id, index)).ToDictionary(g => g.Id, g => g.index);
        return new ConsoleEstate(
            sequence,
            groups,
            [.. systems
                .OrderBy(s => groupOrder.GetValueOrDefault(s.GroupId)).ThenBy(s => s.DisplayOrder).ThenBy(s => s.Name, StringComparer.Ordinal)
                .Select(s => new ConsoleSystem(
                    s.Id, s.Slug, s.Name, s.Description, s.GroupId, s.DisplayOrder, s.Audiences, s.Status, s.Workaround,
                    s.ExpectedRestorationAt, s.RestartPhaseId, s.Version, s.StatusChangedAt))],
            phases);
    }
}
