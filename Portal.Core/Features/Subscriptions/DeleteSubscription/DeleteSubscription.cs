using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Persistence;

namespace Portal.Core.Features.Subscriptions;

/// <summary>
/// An Admin deletes an email subscription and its deliveries (what was waiting is not sent; its
/// manage and unsubscribe links stop working). The audit entry <c>subscription.deleted</c> keeps the address.
/// </summary>
public sealed class DeleteSubscription(IDbContextFactory<PortalDbContext> dbFactory, PortalEventStream stream, TimeProvider clock)
{
    public async Task HandleAsync(long id, Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Require(PortalRoles.Admin);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var subscription = await ConsoleSubscriptions.FindAsync(db, id, cancellationToken);
        db.EmailSubscriptions.Remove(subscription);
        db.Audit(actor, "subscription.deleted", nameof(EmailSubscription), subscription.Id.ToString(CultureInfo.InvariantCulture),
            new { subscription.Address, subscription.Origin, subscription.Audiences }, null, clock.GetUtcNow());
        await db.CommitAsync(stream, cancellationToken);
    }
}
