using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Persistence;

namespace Portal.Core.Features.Webhooks;

/// <summary>A change to an endpoint; <paramref name="Url"/> empty keeps a Teams or Slack endpoint's (sealed) address.</summary>
public sealed record ChangeWebhookEndpointRequest(int Id, string Organisation, string? Url, IReadOnlyList<string> Audiences, IReadOnlyList<string> EventTypes);

/// <summary>
/// An Admin changes an endpoint's address, audiences or event types. It takes effect at once: a
/// delivery still waiting for an event the endpoint may no longer see is not sent.
/// </summary>
public sealed class ChangeWebhookEndpoint(
    IDbContextFactory<PortalDbContext> dbFactory,
    PortalEventStream stream,
    WebhookAddresses addresses,
    WebhookActivity activity,
    IWebhookSecretProtector protector,
    TimeProvider clock)
{
    public async Task<WebhookEndpointView> HandleAsync(ChangeWebhookEndpointRequest request, Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Require(PortalRoles.Admin);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var endpoint = await WebhookEndpoints.FindAsync(db, request.Id, cancellationToken);
        var before = WebhookEndpoints.Snapshot(endpoint);
        var audiences = await db.KnownAsync(request.Audiences, cancellationToken);
        endpoint.Change(request.Organisation, request.Url, audiences, request.EventTypes, protector);
        await addresses.CheckAsync(endpoint.Address(protector), cancellationToken);
        db.Audit(actor, "webhook.changed", nameof(WebhookEndpoint), WebhookEndpoints.Key(endpoint), before, WebhookEndpoints.Snapshot(endpoint), now);
        await db.CommitAsync(stream, cancellationToken);
        activity.Notify();
        return WebhookEndpoints.View(endpoint, now);
    }
}
