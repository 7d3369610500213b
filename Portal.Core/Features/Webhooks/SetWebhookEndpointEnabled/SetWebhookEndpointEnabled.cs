using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Persistence;

namespace Portal.Core.Features.Webhooks;

public sealed record SetWebhookEndpointEnabledRequest(int Id, bool Enabled);

/// <summary>
/// An Admin disables an endpoint (it receives nothing until enabled) or enables it again, for
/// example once a receiver that failed for days is repaired: what was still waiting then goes.
/// </summary>
public sealed class SetWebhookEndpointEnabled(
    IDbContextFactory<PortalDbContext> dbFactory,
    PortalEventStream stream,
    WebhookActivity activity,
    TimeProvider clock)
{
    public async Task<WebhookEndpointView> HandleAsync(SetWebhookEndpointEnabledRequest request, Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Require(PortalRoles.Admin);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var endpoint = await WebhookEndpoints.FindAsync(db, request.Id, cancellationToken);
        if (endpoint.IsEnabled != request.Enabled)
        {
            var before = WebhookEndpoints.Snapshot(endpoint);
            if (request.Enabled)
            {
                endpoint.Enable();
            }
            else
            {
                endpoint.Disable($"Disabled by {actor.Name}.", now);
            }

            db.Audit(actor, request.Enabled ? "webhook.enabled" : "webhook.disabled", nameof(WebhookEndpoint), WebhookEndpoints.Key(endpoint),
                before, WebhookEndpoints.Snapshot(endpoint), now);
            await db.CommitAsync(stream, cancellationToken);
            activity.Notify();
        }

        return WebhookEndpoints.View(endpoint, now);
    }
}
