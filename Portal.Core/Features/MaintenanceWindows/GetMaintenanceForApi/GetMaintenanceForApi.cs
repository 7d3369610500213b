using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Persistence;

namespace Portal.Core.Features.MaintenanceWindows;

/// <summary>A maintenance window as the API answers it; systems by slug.</summary>
/// <param name="Version">The concurrency version: the API answers it as the window's ETag.</param>
public sealed record ApiMaintenanceWindow(
    int Id,
    string Title,
    string Description,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    IReadOnlyList<string> Audiences,
    IReadOnlyList<string> Systems,
    DateTimeOffset? CancelledAt,
    int Version);

/// <summary>
/// Maintenance windows for the API: those a viewer (a key's audiences) may see, or one window in
/// full for whoever may change it (an Operator, or a key with the maintenance:write scope).
/// </summary>
public sealed class GetMaintenanceForApi(IDbContextFactory<PortalDbContext> dbFactory)
{
    /// <summary>The windows <paramref name="viewer"/> may see, the latest start first.</summary>
    public async Task<IReadOnlyList<ApiMaintenanceWindow>> HandleAsync(Viewer viewer, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var windows = await db.Maintenances.AsNoTracking().VisibleTo(viewer)
            .OrderByDescending(m => m.StartsAt).ThenByDescending(m => m.Id).ToListAsync(cancellationToken);
        return await ToApiAsync(db, windows, cancellationToken);
    }

    /// <summary>One window <paramref name="viewer"/> may see, or null.</summary>
    public async Task<ApiMaintenanceWindow?> OneAsync(int id, Viewer viewer, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var windows = await db.Maintenances.AsNoTracking().VisibleTo(viewer).Where(m => m.Id == id).ToListAsync(cancellationToken);
        return (await ToApiAsync(db, windows, cancellationToken)).SingleOrDefault();
    }

    /// <summary>One window whatever its audiences, for an actor who may change it (to merge a partial change); null when there is none.</summary>
    public async Task<ApiMaintenanceWindow?> ForChangeAsync(int id, Actor actor, CancellationToken cancellationToken = default)
    {
        actor.RequireRoleOrScope(PortalRoles.Operator, ApiScopes.MaintenanceWrite);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var windows = await db.Maintenances.AsNoTracking().Where(m => m.Id == id).ToListAsync(cancellationToken);
        return (await ToApiAsync(db, windows, cancellationToken)).SingleOrDefault();
    }

    private static async Task<List<ApiMaintenanceWindow>> ToApiAsync(PortalDbContext db, List<Maintenance> windows, CancellationToken cancellationToken)
    {
        var systemIds = windows.SelectMany(m => m.AffectedSystemIds).Distinct().ToList();
        var slugs = await db.EstateSystems.AsNoTracking().Where(s => systemIds.Contains(s.Id))
            .ToDictionaryAsync(s => s.Id, s => s.Slug, cancellationToken);
        return [.. windows.Select(m => new ApiMaintenanceWindow(m.Id, m.Title, m.Description, m.StartsAt, m.EndsAt, m.Audiences,
            [.. m.AffectedSystemIds.Where(slugs.ContainsKey).Select(id => slugs[id])], m.CancelledAt, m.Version))];
    }
}
