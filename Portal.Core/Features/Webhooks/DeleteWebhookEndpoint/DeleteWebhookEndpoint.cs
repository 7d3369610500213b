using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Persistence;

namespace Portal.Core.Features.Webhooks;

/// <summary>
/// Deletes an endpoint and its deliveries (what was waiting is not sent): a program deletes its own
/// with its <see cref="ApiScopes.WebhooksManage"/> key, an Admin any. The audit entry stays.
/// </summary>
public sealed class DeleteWebhookEndpoint(
    IDbContextFactory<PortalDbContext> dbFactory,
    PortalEventStream stream,
    WebhookActivity activity,
    TimeProvider clock)
{
    public async Task HandleAsync(int id, Actor actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var endpoint = await WebhookEndpoints.FindManagedAsync(db, id, actor, cancellationToken);
        db.WebhookEndpoints.Remove(endpoint);
        db.Audit(actor, "webhook.deleted", nameof(WebhookEndpoint), WebhookEndpoints.Key(endpoint), WebhookEndpoints.Snapshot(endpoint), null,
            clock.GetUtcNow());
        await db.CommitAsync(stream, cancellationToken);
        activity.Notify();
    }
}
