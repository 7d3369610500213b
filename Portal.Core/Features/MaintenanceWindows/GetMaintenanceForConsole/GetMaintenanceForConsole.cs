using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Persistence;

namespace Portal.Core.Features.MaintenanceWindows;

/// <param name="Sequence">The event sequence the list is current at (see <see cref="PortalChanges.CurrentSequenceAsync"/>).</param>
public sealed record MaintenanceForConsole(long Sequence, IReadOnlyList<ConsoleMaintenance> Windows);

public sealed record ConsoleMaintenance(
    int Id,
    string Title,
    string Description,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    IReadOnlyList<string> Audiences,
    IReadOnlyList<ConsoleAffectedSystem> AffectedSystems,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CancelledAt,
    bool IsUpcoming,
    bool IsActive,
    int Version);

public sealed record ConsoleAffectedSystem(int Id, string Slug, string Name);

/// <summary>
/// Every maintenance window, cancelled and past ones included, the latest start first, for the
/// admin console: not filtered by audience, so staff only.
/// </summary>
public sealed class GetMaintenanceForConsole(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock)
{
    public async Task<MaintenanceForConsole> HandleAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Require([.. PortalRoles.All]);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var sequence = await db.CurrentSequenceAsync(cancellationToken);
        var windows = await db.Maintenances.AsNoTracking()
            .OrderByDescending(m => m.StartsAt).ThenByDescending(m => m.Id)
            .ToListAsync(cancellationToken);
        var systemIds = windows.SelectMany(m => m.AffectedSystemIds).Distinct().ToList();
        var systems = await db.EstateSystems.AsNoTracking()
            .Where(s => systemIds.Contains(s.Id))
            .Select(s => new ConsoleAffectedSystem(s.Id, s.Slug, s.Name))
            .ToDictionaryAsync(s => s.Id, cancellationToken);

        return new MaintenanceForConsole(sequence, [.. windows.Select(m => new ConsoleMaintenance(
            m.Id, m.Title, m.Description, m.StartsAt, m.EndsAt, m.Audiences,
            // A system removed since the window was scheduled simply drops out of the list.
            [.. m.AffectedSystemIds.Where(systems.ContainsKey).Select(id => systems[id])],
            m.CreatedAt, m.CancelledAt, m.IsUpcoming(now), m.IsActive(now), m.Version))]);
    }
}
