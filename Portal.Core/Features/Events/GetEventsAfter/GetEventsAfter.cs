using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Events.Payloads;
using Portal.Core.Persistence;

namespace Portal.Core.Features.Events;

/// <summary>
/// What a client that has seen everything up to a sequence missed since.
/// </summary>
/// <param name="Events">The events after the asked sequence that the viewer may see, in sequence order; empty when <paramref name="TooFarBehind"/>.</param>
/// <param name="CurrentSequence">
/// The sequence of the newest event the viewer may see when the query ran (see <see cref="VisibleSequence"/>);
/// a client that applied <paramref name="Events"/> is current up to here.
/// </param>
/// <param name="TooFarBehind">
/// True when the client cannot catch up by events (more than <see cref="GetEventsAfter.MaxEvents"/> of
/// them, a sequence this log never issued to the viewer, or an item taken away from the viewer's
/// audiences since): it must take a new snapshot of the board instead.
/// </param>
public sealed record EventsAfter(IReadOnlyList<PortalEvent> Events, long CurrentSequence, bool TooFarBehind);

/// <summary>The events after a sequence that a viewer may see: how a reconnecting client catches up.</summary>
/// <remarks>
/// An event holds what its audiences could see when it happened. When an item has since been taken
/// away from some of them (they received <see cref="RemovedItemData"/>), its earlier events must not
/// be handed to them again; a viewer whose missed events include such a removal is told to take a
/// snapshot, which is read as the viewer's audiences are now.
/// </remarks>
public sealed class GetEventsAfter(IDbContextFactory<PortalDbContext> dbFactory)
{
    /// <summary>The most events one call returns; a client further behind takes a snapshot.</summary>
    public const int MaxEvents = 500;

    public async Task<EventsAfter> HandleAsync(Viewer viewer, long afterSequence, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);

        // Read before the events: anything committed after this point also reaches the client live.
        var current = await db.LatestVisibleSequenceAsync(viewer.Audiences, cancellationToken);
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

        return events.Count > MaxEvents || events.Any(IsRemoval)
            ? new EventsAfter([], current, TooFarBehind: true)
            : new EventsAfter(events, current, TooFarBehind: false);
    }

    private static bool IsRemoval(PortalEvent portalEvent)
    {
        using var data = JsonDocument.Parse(portalEvent.Data);
        return data.RootElement.ValueKind == JsonValueKind.Object
            && data.RootElement.TryGetProperty("removed", out var removed)
            && removed.ValueKind == JsonValueKind.True;
    }
}
