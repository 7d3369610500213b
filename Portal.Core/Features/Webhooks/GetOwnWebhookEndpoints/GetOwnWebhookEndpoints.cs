using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Persistence;

namespace Portal.Core.Features.Webhooks;

/// <summary>The endpoints a program registered with its <see cref="ApiScopes.WebhooksManage"/> key, oldest first; never another's, never a secret.</summary>
public sealed class GetOwnWebhookEndpoints(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock)
{
    public async Task<IReadOnlyList<WebhookEndpointView>> HandleAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        if (actor.ApiKey is not { } key)
        {
            throw new ForbiddenException("Only a program lists its own endpoints; the console lists every endpoint.");
        }

        actor.RequireRoleOrScope(PortalRoles.Admin, ApiScopes.WebhooksManage);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var client = await WebhookEndpoints.KeyClientAsync(db, key, cancellationToken);
        var now = clock.GetUtcNow();
        var endpoints = await db.WebhookEndpoints.AsNoTracking().Where(e => e.ApiClientId == client.Id).OrderBy(e => e.Id).ToListAsync(cancellationToken);
        return [.. endpoints.Select(e => WebhookEndpoints.View(e, now))];
    }
}
