using Microsoft.EntityFrameworkCore;
using Portal.Core.Persistence;

namespace Portal.Core.Events;

/// <summary>How every use case commits (one transaction, then the events go to the stream) and how reads learn the sequence they are current at.</summary>
public static class PortalChanges
{
    /// <summary>
    /// Saves the pending state, audit entries and events in one transaction, then hands the new
    /// events to the live stream. Nothing is pushed that was not committed; if the process stops
    /// between the two, the events are still in the log for clients that resume by sequence.
    /// </summary>
    public static async Task CommitAsync(this PortalDbContext db, PortalEventStream stream, CancellationToken cancellationToken)
    {
        var events = db.ChangeTracker.Entries<PortalEvent>()
            .Where(entry => entry.State == EntityState.Added)
            .Select(entry => entry.Entity)
            .ToList();

        await db.SaveChangesAsync(cancellationToken);
        stream.Publish(events);
    }

    /// <summary>
    /// The newest committed sequence. A query reads it before its data, so anything committed
    /// afterwards arrives as an event: the data is never behind the sequence reported with it.
    /// </summary>
    public static async Task<long> CurrentSequenceAsync(this PortalDbContext db, CancellationToken cancellationToken) =>
        await db.PortalEvents.MaxAsync(e => (long?)e.Sequence, cancellationToken) ?? 0;
}
