using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Persistence;

namespace Portal.Core.Features.Subscriptions;

/// <summary>
/// An Admin sends to a suspended subscription again (the address was repaired, a complaint withdrawn):
/// it receives the events committed from now on. Audited as <c>subscription.resumed</c> with the reason it had.
/// </summary>
public sealed class ResumeSubscription(IDbContextFactory<PortalDbContext> dbFactory, PortalEventStream stream, TimeProvider clock)
{
    public async Task HandleAsync(long id, Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Require(PortalRoles.Admin);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var subscription = await ConsoleSubscriptions.FindAsync(db, id, cancellationToken);
        if (subscription.SuspendedAt is null)
        {
            return;
        }

        var before = new { subscription.Address, Reason = subscription.SuspendedReason };
        subscription.Resume();
        db.Audit(actor, "subscription.resumed", nameof(EmailSubscription), subscription.Id.ToString(CultureInfo.InvariantCulture),
            before, new { subscription.Address }, clock.GetUtcNow());
        await db.CommitAsync(stream, cancellationToken);
    }
}
