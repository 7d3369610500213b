using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Persistence;

namespace Portal.Core.Features.Systems;

/// <param name="Slugs">The systems to move, in the order their events are numbered.</param>
/// <param name="ExpectedVersions">The version of each system the operator saw, by slug; a stale one refuses the whole change.</param>
public sealed record ChangeSystemStatusesRequest(
    IReadOnlyList<string> Slugs,
    SystemStatus Status,
    string Reason,
    string? Workaround = null,
    DateTimeOffset? ExpectedRestorationAt = null,
    IReadOnlyDictionary<string, int>? ExpectedVersions = null);

/// <summary>
/// Moves several systems to the same status with the same reason (for example a whole plant at once),
/// all or nothing: if any system is unknown, stale or refuses the change, none of them changes. Each
/// system gets its own audit entry and its own <see cref="PortalEventTypes.SystemStatusChanged"/> event,
/// so every audience hears only about the systems it may see.
/// </summary>
public sealed class ChangeSystemStatuses(
    IDbContextFactory<PortalDbContext> dbFactory,
    PortalEventStream stream,
    TimeProvider clock)
{
    public async Task<IReadOnlyList<SystemStatusChangedData>> HandleAsync(
        ChangeSystemStatusesRequest request,
        Actor actor,
        CancellationToken cancellationToken = default)
    {
        actor.RequireRoleOrScope(PortalRoles.Operator, ApiScopes.StatusWrite);
        var slugs = request.Slugs.Distinct(StringComparer.Ordinal).ToList();
        if (slugs.Count == 0)
        {
            throw new DomainException("Choose at least one system to change.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var systems = await db.EstateSystems.Where(s => slugs.Contains(s.Slug)).ToListAsync(cancellationToken);
        var unknown = slugs.Except(systems.Select(s => s.Slug), StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            throw new NotFoundException($"There is no system '{string.Join("', '", unknown)}'. Nothing was changed.");
        }

        foreach (var system in systems)
        {
            actor.RequireMayChange(system);
        }

        var now = clock.GetUtcNow();
        var changes = new List<SystemStatusChangedData>(slugs.Count);
        foreach (var system in slugs.Select(slug => systems.Single(s => s.Slug == slug)))
        {
            ChangeSystemStatus.CheckVersion(system,
                request.ExpectedVersions?.TryGetValue(system.Slug, out var seen) == true ? seen : null);
            try
            {
                changes.Add(ChangeSystemStatus.ChangeAndRecord(db, system, request.Status, request.Reason,
                    request.Workaround, request.ExpectedRestorationAt, actor, now));
            }
            catch (DomainException problem)
            {
                // The person chose many systems: say which one refused.
                throw new DomainException($"{system.Name}: {problem.Message} Nothing was changed.");
            }
        }

        await db.CommitAsync(stream, cancellationToken);
        return changes;
    }
}
