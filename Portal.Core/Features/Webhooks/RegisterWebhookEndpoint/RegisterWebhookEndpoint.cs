using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Persistence;

namespace Portal.Core.Features.Webhooks;

/// <param name="EventTypes">The event types to send; empty for all.</param>
public sealed record RegisterWebhookEndpointRequest(string Organisation, string Url, IReadOnlyList<string> Audiences, IReadOnlyList<string> EventTypes);

/// <summary>An Admin registers an endpoint for an organisation's program; its secret is returned once.</summary>
public sealed class RegisterWebhookEndpoint(
    IDbContextFactory<PortalDbContext> dbFactory,
    PortalEventStream stream,
    WebhookAddresses addresses,
    WebhookActivity activity,
    TimeProvider clock)
{
    public async Task<WebhookEndpointWithSecret> HandleAsync(RegisterWebhookEndpointRequest request, Actor actor,
        CancellationToken cancellationToken = default)
    {
        actor.Require(PortalRoles.Admin);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var audiences = await db.KnownAsync(request.Audiences, cancellationToken);
        var (endpoint, secret) = WebhookEndpoint.Register(request.Organisation, request.Url, audiences, request.EventTypes, actor.Name, now);
        await addresses.CheckAsync(endpoint.Url, cancellationToken);
        await using (await db.InsertAsync(endpoint, cancellationToken))
        {
            db.Audit(actor, "webhook.registered", nameof(WebhookEndpoint), WebhookEndpoints.Key(endpoint), null,
                WebhookEndpoints.Snapshot(endpoint), now);
            await db.CommitAsync(stream, cancellationToken);
        }

        activity.Notify();
        return new WebhookEndpointWithSecret(WebhookEndpoints.View(endpoint, now), secret);
    }
}
