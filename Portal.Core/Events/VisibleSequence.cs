using Microsoft.EntityFrameworkCore;
using Portal.Core.Persistence;

namespace Portal.Core.Events;

/// <summary>
/// The sequence a viewer is current at: that of the newest event their audiences may see. Reported
/// to viewers (hub snapshots and resumes, ETags) instead of the newest sequence overall, which would
/// tell them that something they may not see has just changed.
/// </summary>
public static class VisibleSequence
{
    /// <summary>
    /// The sequence of the newest committed event any of <paramref name="audiences"/> may see; 0 when
    /// there is none. Like <see cref="PortalChanges.CurrentSequenceAsync"/>, read it before the data it
    /// goes with: anything the viewer may see that is committed afterwards arrives as an event.
    /// </summary>
    public static async Task<long> LatestVisibleSequenceAsync(this PortalDbContext db, IReadOnlySet<string> audiences, CancellationToken cancellationToken)
    {
        var keys = audiences.ToList();

        // Newest first: the scan stops at the first event the viewer may see, usually one of the last few.
        return await db.PortalEvents
            .Where(e => e.Audiences.Any(a => keys.Contains(a)))
            .OrderByDescending(e => e.Sequence)
            .Select(e => e.Sequence)
            .FirstOrDefaultAsync(cancellationToken);
    }
}
