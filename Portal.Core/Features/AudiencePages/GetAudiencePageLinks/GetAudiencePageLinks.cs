using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Persistence;

namespace Portal.Core.Features.AudiencePages;

public sealed record AudiencePageLink(string Key, string Name);

/// <summary>
/// The audience pages a viewer may open, by audience name: one for each audience they are in
/// besides Public (whose page is the board). Empty for an anonymous viewer.
/// </summary>
public sealed class GetAudiencePageLinks(IDbContextFactory<PortalDbContext> dbFactory)
{
    public async Task<IReadOnlyList<AudiencePageLink>> HandleAsync(Viewer viewer, CancellationToken cancellationToken = default)
    {
        var keys = viewer.Audiences.Where(a => a != Audience.Public).ToList();
        if (keys.Count == 0)
        {
            return [];
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Audiences.AsNoTracking()
            .Where(a => keys.Contains(a.Key))
            .OrderBy(a => a.Name)
            .Select(a => new AudiencePageLink(a.Key, a.Name))
            .ToListAsync(cancellationToken);
    }
}
