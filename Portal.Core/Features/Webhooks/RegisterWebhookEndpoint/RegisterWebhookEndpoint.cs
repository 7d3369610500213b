using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Persistence;

namespace Portal.Core.Features.Webhooks;

/// <param name="Audiences">What it receives as. For a program registering its own endpoint with its key: empty for the key's audiences, or some of them.</param>
/// <param name="EventTypes">The event types to send; empty for all (for Teams and Slack: <see cref="WebhookEndpoint.ChatEventTypes"/>).</param>
public sealed record RegisterWebhookEndpointRequest(
    string Organisation,
    string Url,
    IReadOnlyList<string> Audiences,
    IReadOnlyList<string> EventTypes,
    WebhookKind Kind = WebhookKind.StandardWebhooks);

/// <summary>
/// An Admin registers an endpoint for an organisation's program or a Teams or Slack channel, or a
/// program registers its own with a <see cref="ApiScopes.WebhooksManage"/> key (it then receives only
/// what the key's audiences may see). A program's signing secret is returned once.
/// </summary>
public sealed class RegisterWebhookEndpoint(
    IDbContextFactory<PortalDbContext> dbFactory,
    PortalEventStream stream,
    WebhookAddresses addresses,
    WebhookActivity activity,
    IWebhookSecretProtector protector,
    TimeProvider clock)
{
    public async Task<WebhookEndpointWithSecret> HandleAsync(RegisterWebhookEndpointRequest request, Actor actor,
        CancellationToken cancellationToken = default)
    {
        actor.RequireRoleOrScope(PortalRoles.Admin, ApiScopes.WebhooksManage);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        List<string> audiences;
        int? clientId = null;
        if (actor.ApiKey is { } key)
        {
            var client = await WebhookEndpoints.KeyClientAsync(db, key, cancellationToken);
            audiences = request.Audiences.Count == 0
                ? client.Audiences.Count > 0 ? client.Audiences : [Audience.Public]
                : await db.KnownAsync(request.Audiences, cancellationToken);
            var beyond = audiences.Where(a => a != Audience.Public && !client.Audiences.Contains(a, StringComparer.Ordinal)).ToList();
            if (beyond.Count > 0)
            {
                throw new ForbiddenException($"This key does not read as '{beyond[0]}', so its endpoints cannot receive as it.");
            }

            clientId = client.Id;
        }
        else
        {
            audiences = await db.KnownAsync(request.Audiences, cancellationToken);
        }

        var (endpoint, secret) = WebhookEndpoint.Register(request.Kind, request.Organisation, request.Url, audiences, request.EventTypes,
            actor.Name, clientId, protector, now);
        await addresses.CheckAsync(endpoint.Address(protector), cancellationToken);
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
