using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Persistence;

namespace Portal.Core.Features.Audiences;

public sealed record AudienceOption(string Key, string Name);

/// <summary>Every audience the portal has, for choosing who may see something: Public first, then by name.</summary>
public sealed class GetAudiences(IDbContextFactory<PortalDbContext> dbFactory)
{
    public async Task<IReadOnlyList<AudienceOption>> HandleAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Audiences.AsNoTracking()
            .OrderBy(a => a.Key != Audience.Public).ThenBy(a => a.Name)
            .Select(a => new AudienceOption(a.Key, a.Name))
            .ToListAsync(cancellationToken);
    }
}
