using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Persistence;

namespace Portal.Core.Features.Webhooks;

/// <param name="MessageId">The <c>webhook-id</c> the receiver sees.</param>
public sealed record WebhookDeliveryView(
    long Id,
    string MessageId,
    long Sequence,
    string EventType,
    WebhookDeliveryStatus Status,
    int Attempts,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastAttemptAt,
    DateTimeOffset? NextAttemptAt,
    int? LastResponseCode,
    string? LastError)
{
    /// <summary>Failed for good, or waiting for a retry after failing.</summary>
    public bool IsFailing => Status == WebhookDeliveryStatus.Failed || (Status == WebhookDeliveryStatus.Pending && Attempts > 0);
}

/// <summary>An endpoint's recent deliveries, failures first, then newest first (Admin).</summary>
public sealed class GetWebhookDeliveries(IDbContextFactory<PortalDbContext> dbFactory)
{
    /// <summary>How many of each kind (failing, and the rest) are listed.</summary>
    public const int Limit = 50;

    public async Task<IReadOnlyList<WebhookDeliveryView>> HandleAsync(int endpointId, Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Require(PortalRoles.Admin);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await WebhookEndpoints.FindAsync(db, endpointId, cancellationToken);
        var deliveries = db.WebhookDeliveries.AsNoTracking().Where(d => d.EndpointId == endpointId);
        var failing = await deliveries
            .Where(d => d.Status == WebhookDeliveryStatus.Failed || (d.Status == WebhookDeliveryStatus.Pending && d.Attempts > 0))
            .OrderByDescending(d => d.Id).Take(Limit).ToListAsync(cancellationToken);
        var others = await deliveries
            .Where(d => !(d.Status == WebhookDeliveryStatus.Failed || (d.Status == WebhookDeliveryStatus.Pending && d.Attempts > 0)))
            .OrderByDescending(d => d.Id).Take(Limit).ToListAsync(cancellationToken);
        return [.. failing.Concat(others).Select(d => new WebhookDeliveryView(d.Id, d.MessageId, d.Sequence, d.EventType, d.Status, d.Attempts,
            d.CreatedAt, d.LastAttemptAt, d.NextAttemptAt, d.LastResponseCode, d.LastError))];
    }
}
