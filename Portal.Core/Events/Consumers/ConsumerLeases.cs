using Microsoft.EntityFrameworkCore;
using Portal.Core.Persistence;

namespace Portal.Core.Events.Consumers;

/// <summary>Taking, renewing and giving up the lease of a once-per-cluster consumer (one row per consumer).</summary>
public static class ConsumerLeases
{
    /// <summary>
    /// Takes the lease when it is free or expired, or renews it when <paramref name="holder"/> has it;
    /// true when <paramref name="holder"/> holds it until <paramref name="now"/> + <paramref name="duration"/>.
    /// One conditional update decides, so two nodes can never both succeed.
    /// </summary>
    public static async Task<bool> TryHoldAsync(this PortalDbContext db, string name, string holder, DateTimeOffset now, TimeSpan duration,
        CancellationToken cancellationToken)
    {
        var until = now + duration;
        var updated = await db.ConsumerLeases
            .Where(l => l.Name == name && (l.Holder == holder || l.ExpiresAt <= now))
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Holder, holder).SetProperty(l => l.ExpiresAt, until), cancellationToken);
        if (updated == 1)
        {
            return true;
        }

        if (await db.ConsumerLeases.AnyAsync(l => l.Name == name, cancellationToken))
        {
            return false;
        }

        db.ConsumerLeases.Add(new ConsumerLease(name, holder, until));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            // Another node created the row first; it holds the lease.
            db.ChangeTracker.Clear();
            return false;
        }
    }

    /// <summary>Lets another node take the lease at once (a node that stops cleanly does this).</summary>
    public static Task ReleaseAsync(this PortalDbContext db, string name, string holder, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.ConsumerLeases
            .Where(l => l.Name == name && l.Holder == holder)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.ExpiresAt, now), cancellationToken);
}
