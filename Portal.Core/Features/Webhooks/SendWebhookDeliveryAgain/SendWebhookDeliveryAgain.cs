using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Persistence;

namespace Portal.Core.Features.Webhooks;

/// <summary>
/// An Admin sends a delivery again, from the start of the retry schedule, with the same
/// <c>webhook-id</c> (a receiver that already has it drops the repeat).
/// </summary>
public sealed class SendWebhookDeliveryAgain(
    IDbContextFactory<PortalDbContext> dbFactory,
    PortalEventStream stream,
    WebhookActivity activity,
    TimeProvider clock)
{
    public async Task HandleAsync(long deliveryId, Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Require(PortalRoles.Admin);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var delivery = await db.WebhookDeliveries.SingleOrDefaultAsync(d => d.Id == deliveryId, cancellationToken)
            ?? throw new NotFoundException($"There is no webhook delivery {deliveryId}.");
        delivery.SendAgain(now);
        db.Audit(actor, "webhook.delivery.resent", nameof(WebhookDelivery), deliveryId.ToString(CultureInfo.InvariantCulture), null,
            new { delivery.EndpointId, delivery.Sequence, delivery.MessageId }, now);
        await db.CommitAsync(stream, cancellationToken);
        activity.Notify();
    }
}
