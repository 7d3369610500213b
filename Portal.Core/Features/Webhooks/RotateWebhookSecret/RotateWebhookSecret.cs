using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Persistence;

namespace Portal.Core.Features.Webhooks;

/// <summary>
/// An Admin gives an endpoint a new secret (returned once). Messages are signed with both the new
/// and the previous secret for <see cref="WebhookOptions.SecretOverlap"/>, so the receiver can switch over.
/// </summary>
public sealed class RotateWebhookSecret(
    IDbContextFactory<PortalDbContext> dbFactory,
    PortalEventStream stream,
    WebhookActivity activity,
    IOptions<WebhookOptions> options,
    TimeProvider clock)
{
    public async Task<WebhookEndpointWithSecret> HandleAsync(int id, Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Require(PortalRoles.Admin);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var endpoint = await WebhookEndpoints.FindAsync(db, id, cancellationToken);
        var secret = endpoint.RotateSecret(now, options.Value.SecretOverlap);
        db.Audit(actor, "webhook.secret.rotated", nameof(WebhookEndpoint), WebhookEndpoints.Key(endpoint), null,
            new { PreviousSecretExpiresAt = endpoint.PreviousSecretExpiresAt }, now);
        await db.CommitAsync(stream, cancellationToken);
        activity.Notify();
        return new WebhookEndpointWithSecret(WebhookEndpoints.View(endpoint, now), secret);
    }
}
