using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Persistence;

namespace Portal.Core.Features.Events;

/// <summary>
/// What a client that has seen everything up to a sequence missed since.
/// </summary>
/// <param name="Events">The events after the asked sequence that the viewer may see, in sequence order; empty when <paramref name="TooFarBehind"/>.</param>
/// <param name="CurrentSequence">The newest committed sequence when the query ran; a client that applied <paramref name="Events"/> is current up to here.</param>
/// <param name="TooFarBehind">
/// True when the client cannot catch up by events (more than <see cref="GetEventsAfter.MaxEvents"/> of
/// them, or a sequence this log never issued): it must take a new snapshot of the board instead.
/// </param>
public sealed record EventsAfter(IReadOnlyList<PortalEvent> Events, long CurrentSequence, bool TooFarBehind);

/// <summary>The events after a sequence that a viewer may see: how a reconnecting client catches up.</summary>
public sealed class GetEventsAfter(IDbContextFactory<PortalDbContext> dbFactory)
{
    /// <summary>The most events one call returns; a client further behind takes a snapshot.</summary>
    public const int MaxEvents = 500;

    public async Task<EventsAfter> HandleAsync(Viewer viewer, long afterSequence, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);

        // Read before the events: anything committed after this point also reaches the client live.
        var current = await db.CurrentSequenceAsync(cancellationToken);
        if (afterSequence < 0 || afterSequence > current)
        {
            return new EventsAfter([], current, TooFarBehind: true);
        }

        var events = await db.PortalEvents.AsNoTracking()
            .VisibleTo(viewer)
            .Where(e => e.Sequence > afterSequence && e.Sequence <= current)
            .OrderBy(e => e.Sequence)
            .Take(MaxEvents + 1)
            .ToListAsync(cancellationToken);

        return events.Count > MaxEvents
            ? new EventsAfter([], current, TooFarBehind: true)
            : new EventsAfter(events, current, TooFarBehind: false);
    }
}
