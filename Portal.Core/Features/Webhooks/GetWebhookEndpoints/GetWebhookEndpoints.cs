using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Persistence;

namespace Portal.Core.Features.Webhooks;

/// <param name="Sequence">The event sequence the list is current at.</param>
public sealed record WebhookEndpointsForConsole(long Sequence, IReadOnlyList<WebhookEndpointView> Endpoints);

/// <summary>Every webhook endpoint with how its deliveries stand, disabled ones first (Admin).</summary>
public sealed class GetWebhookEndpoints(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock)
{
    public async Task<WebhookEndpointsForConsole> HandleAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Require(PortalRoles.Admin);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var sequence = await db.CurrentSequenceAsync(cancellationToken);
        var endpoints = await db.WebhookEndpoints.AsNoTracking().ToListAsync(cancellationToken);
        var counts = await db.WebhookDeliveries
            .Where(d => d.Status == WebhookDeliveryStatus.Pending || d.Status == WebhookDeliveryStatus.Failed)
            .GroupBy(d => d.EndpointId)
            .Select(g => new
            {
                EndpointId = g.Key,
                Pending = g.Count(d => d.Status == WebhookDeliveryStatus.Pending),
                Failing = g.Count(d => d.Status == WebhookDeliveryStatus.Failed || d.Attempts > 0),
            })
            .ToDictionaryAsync(c => c.EndpointId, cancellationToken);
        var now = clock.GetUtcNow();
        return new WebhookEndpointsForConsole(sequence, [.. endpoints
            .OrderBy(e => e.IsEnabled).ThenBy(e => e.Organisation, StringComparer.OrdinalIgnoreCase).ThenBy(e => e.Id)
            .Select(e => counts.TryGetValue(e.Id, out var c)
                ? WebhookEndpoints.View(e, now, c.Pending, c.Failing)
                : WebhookEndpoints.View(e, now))]);
    }
}
