using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Persistence;

namespace Portal.Core.Features.ApiClients;

/// <summary>An Admin revokes a key: new connections with it are refused.</summary>
public sealed class RevokeApiClientKey(IDbContextFactory<PortalDbContext> dbFactory, PortalEventStream stream, TimeProvider clock)
{
    public async Task<ApiClientView> HandleAsync(int id, Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Require(PortalRoles.Admin);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var client = await db.ApiClients.SingleOrDefaultAsync(c => c.Id == id, cancellationToken)
            ?? throw new NotFoundException($"There is no API client {id}.");
        if (!client.IsRevoked)
        {
            client.Revoke(actor.Name, now);
            db.Audit(actor, "apiclient.revoked", nameof(ApiClient), client.Id.ToString(CultureInfo.InvariantCulture),
                new { client.Name, client.Audiences, client.KeyPrefix }, new { client.RevokedAt }, now);
            await db.CommitAsync(stream, cancellationToken);
        }

        return ApiClientViews.From(client);
    }
}
