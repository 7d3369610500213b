using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Persistence;

namespace Portal.Core.Features.ApiClients;

/// <summary>Who a presented key belongs to: a client that is not revoked, or null.</summary>
public sealed class FindApiClientByKey(IDbContextFactory<PortalDbContext> dbFactory)
{
    public async Task<ApiClientView?> HandleAsync(string key, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(key) || key.Length > 200)
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var hash = ApiClient.Hash(key.Trim());
        var client = await db.ApiClients.AsNoTracking()
            .SingleOrDefaultAsync(c => c.KeyHash == hash && c.RevokedAt == null, cancellationToken);
        return client is null ? null : ApiClientViews.From(client);
    }
}
