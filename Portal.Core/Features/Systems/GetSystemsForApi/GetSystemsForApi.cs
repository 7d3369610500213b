using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Persistence;

namespace Portal.Core.Features.Systems;

/// <param name="Version">The concurrency version: an API answers it as the system's ETag.</param>
public sealed record ApiSystem(
    string Slug,
    string Name,
    string Description,
    int GroupId,
    string GroupName,
    int DisplayOrder,
    SystemStatus Status,
    string? Workaround,
    DateTimeOffset? ExpectedRestorationAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset StatusChangedAt,
    int Version);

/// <summary>The systems a viewer (an API key's audiences) may see, in board order; one of them, or its version.</summary>
public sealed class GetSystemsForApi(IDbContextFactory<PortalDbContext> dbFactory)
{
    public async Task<IReadOnlyList<ApiSystem>> HandleAsync(Viewer viewer, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await Query(db, viewer, null).ToListAsync(cancellationToken);
    }

    /// <summary>One system, or null when it does not exist or the viewer may not see it.</summary>
    public async Task<ApiSystem?> OneAsync(string slug, Viewer viewer, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await Query(db, viewer, slug).SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>The current version of a system whatever its audiences (for a writer's ETag), or null when there is none.</summary>
    public async Task<int?> VersionAsync(string slug, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.EstateSystems.Where(s => s.Slug == slug).Select(s => (int?)s.Version).SingleOrDefaultAsync(cancellationToken);
    }

    // The slug is matched before the projection: a filter on the projected record cannot be translated to SQL.
    private static IQueryable<ApiSystem> Query(PortalDbContext db, Viewer viewer, string? slug) =>
        db.EstateSystems.AsNoTracking().VisibleTo(viewer)
            .Where(s => slug == null || s.Slug == slug)
            .OrderBy(s => s.Group.DisplayOrder).ThenBy(s => s.DisplayOrder).ThenBy(s => s.Name)
            .Select(s => new ApiSystem(s.Slug, s.Name, s.Description, s.GroupId, s.Group.Name, s.DisplayOrder, s.Status,
                s.Workaround, s.ExpectedRestorationAt, s.CreatedAt, s.StatusChangedAt, s.Version));
}
