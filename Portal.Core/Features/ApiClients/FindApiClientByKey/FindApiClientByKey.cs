using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Persistence;

namespace Portal.Core.Features.ApiClients;

/// <summary>Who a presented key belongs to: a client that is neither revoked nor expired, or null. Notes when the key was last used.</summary>
public sealed class FindApiClientByKey(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock)
{
    public async Task<ApiClientView?> HandleAsync(string key, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(key) || key.Length > 200)
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var hash = ApiClient.Hash(key.Trim());
        var client = await db.ApiClients
            .SingleOrDefaultAsync(c => c.KeyHash == hash && c.RevokedAt == null, cancellationToken);
        var now = clock.GetUtcNow();
        if (client is null || client.IsExpiredAt(now))
        {
            return null;
        }

        if (client.MarkUsed(now))
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        return ApiClientViews.From(client);
    }
}
