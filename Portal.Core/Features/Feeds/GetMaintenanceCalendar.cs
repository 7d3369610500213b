using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Persistence;

namespace Portal.Core.Features.Feeds;

/// <summary>The maintenance windows a viewer may see (cancelled ones too) and the sequence they are current at.</summary>
public sealed record MaintenanceCalendar(long Sequence, IReadOnlyList<Maintenance> Windows);

/// <summary>
/// The maintenance calendar's content (<c>/maintenance.ics</c>): every maintenance window the viewer may
/// see, read through the audience rule, newest start first. Cancelled windows stay in, so a calendar that
/// subscribed to one learns it is cancelled.
/// </summary>
public sealed class GetMaintenanceCalendar(IDbContextFactory<PortalDbContext> dbFactory)
{
    /// <summary>How many windows the calendar holds: those starting latest.</summary>
    public const int WindowLimit = 500;

    /// <summary>The newest event sequence <paramref name="viewer"/> may see, read alone for a cheap 304.</summary>
    public async Task<long> CurrentSequenceAsync(Viewer viewer, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.LatestVisibleSequenceAsync(viewer.Audiences, cancellationToken);
    }

    public async Task<MaintenanceCalendar> HandleAsync(Viewer viewer, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var sequence = await db.LatestVisibleSequenceAsync(viewer.Audiences, cancellationToken);
        var windows = await db.Maintenances.AsNoTracking()
            .VisibleTo(viewer)
            .OrderByDescending(m => m.StartsAt)
            .Take(WindowLimit)
            .ToListAsync(cancellationToken);
        return new MaintenanceCalendar(sequence, windows);
    }
}
