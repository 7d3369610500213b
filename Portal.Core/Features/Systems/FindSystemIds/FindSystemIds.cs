using Microsoft.EntityFrameworkCore;
using Portal.Core.Persistence;

namespace Portal.Core.Features.Systems;

/// <summary>The ids of systems named by slug (as the API names them), for use cases that take ids; unknown slugs are left out.</summary>
public sealed class FindSystemIds(IDbContextFactory<PortalDbContext> dbFactory)
{
    public async Task<IReadOnlyDictionary<string, int>> HandleAsync(IEnumerable<string> slugs, CancellationToken cancellationToken = default)
    {
        var wanted = slugs.Distinct(StringComparer.Ordinal).ToList();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.EstateSystems.AsNoTracking().Where(s => wanted.Contains(s.Slug))
            .ToDictionaryAsync(s => s.Slug, s => s.Id, StringComparer.Ordinal, cancellationToken);
    }
}
