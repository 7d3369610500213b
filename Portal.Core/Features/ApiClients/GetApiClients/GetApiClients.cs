using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Persistence;

namespace Portal.Core.Features.ApiClients;

/// <summary>Every API client, newest first, revoked ones included (Admin).</summary>
public sealed class GetApiClients(IDbContextFactory<PortalDbContext> dbFactory)
{
    public async Task<IReadOnlyList<ApiClientView>> HandleAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Require(PortalRoles.Admin);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var clients = await db.ApiClients.AsNoTracking().ToListAsync(cancellationToken);
        return [.. clients.OrderByDescending(c => c.CreatedAt).Select(ApiClientViews.From)];
    }
}
