using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Persistence;

namespace Portal.Core.Features.Subscriptions;

/// <param name="Reason">Why, as the console shows it; empty says only who suspended it.</param>
public sealed record SuspendSubscriptionRequest(long Id, string? Reason);

/// <summary>
/// An Admin stops mail to a subscription (a complaint, an address that bounces elsewhere) without
/// deleting it: nothing more is sent, and what was waiting is cancelled when its turn comes. Audited as
/// <c>subscription.suspended</c>, as the sender's own suspensions are.
/// </summary>
public sealed class SuspendSubscription(IDbContextFactory<PortalDbContext> dbFactory, PortalEventStream stream, TimeProvider clock)
{
    public async Task HandleAsync(SuspendSubscriptionRequest request, Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Require(PortalRoles.Admin);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var subscription = await ConsoleSubscriptions.FindAsync(db, request.Id, cancellationToken);
        if (subscription.SuspendedAt is not null)
        {
            return;
        }

        var now = clock.GetUtcNow();
        var reason = request.Reason?.Trim() is { Length: > 0 } given ? $"Suspended by {actor.Name}: {given}" : $"Suspended by {actor.Name}.";
        subscription.Suspend(reason, now);
        db.Audit(actor, "subscription.suspended", nameof(EmailSubscription), subscription.Id.ToString(CultureInfo.InvariantCulture),
            null, new { subscription.Address, Reason = subscription.SuspendedReason }, now);
        await db.CommitAsync(stream, cancellationToken);
    }
}

/// <summary>Finding a subscription for a console action.</summary>
internal static class ConsoleSubscriptions
{
    public const string GoneMessage = "This subscription no longer exists: the subscriber may have unsubscribed.";

    public static async Task<EmailSubscription> FindAsync(PortalDbContext db, long id, CancellationToken cancellationToken) =>
        await db.EmailSubscriptions.SingleOrDefaultAsync(s => s.Id == id, cancellationToken) ?? throw new NotFoundException(GoneMessage);
}
