using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Events.Payloads;
using Portal.Core.Persistence;

namespace Portal.Core.Features.MaintenanceWindows;

/// <summary>
/// Tells that maintenance windows started or finished: a window's start and end are times, not actions,
/// so when one comes this commits a <see cref="PortalEventTypes.MaintenanceUpdated"/> event with
/// <see cref="MaintenanceChange.Started"/> or <see cref="MaintenanceChange.Finished"/> to the window's
/// audiences, which every channel (live pages, hub, mail, webhooks, Teams and Slack) then carries.
/// Each window is its own transaction; a window whose end passed unannounced (the portal was stopped)
/// is told finished once, without a late start. Run by <see cref="MaintenanceClock"/>.
/// </summary>
public sealed class AnnounceMaintenanceTimes(IDbContextFactory<PortalDbContext> dbFactory, PortalEventStream stream, TimeProvider clock)
{
    /// <summary>Announces what is due; returns when the next start or end comes (null: none is waiting).</summary>
    public async Task<DateTimeOffset?> HandleAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        List<int> due;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            due = await db.Maintenances
                .Where(m => m.CancelledAt == null
                    && ((m.EndsAt <= now && m.EndAnnouncedAt == null) || (m.StartsAt <= now && m.StartAnnouncedAt == null)))
                .OrderBy(m => m.StartsAt)
                .Select(m => m.Id)
                .ToListAsync(cancellationToken);
        }

        foreach (var id in due)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var window = await db.Maintenances.AsNoTracking().SingleAsync(m => m.Id == id, cancellationToken);
            if (window.DueAnnouncement(now) is not { } change)
            {
                continue;
            }

            // Marked only if nobody marked it meanwhile (a node that held the lease a moment ago, or an
            // edit), so each start and end is told once.
            var startAnnouncedAt = window.StartAnnouncedAt ?? now;
            var marked = change == MaintenanceChange.Started
                ? await db.Maintenances
                    .Where(m => m.Id == id && m.Version == window.Version && m.StartAnnouncedAt == null)
                    .ExecuteUpdateAsync(set => set.SetProperty(m => m.StartAnnouncedAt, now), cancellationToken)
                : await db.Maintenances
                    .Where(m => m.Id == id && m.Version == window.Version && m.EndAnnouncedAt == null)
                    .ExecuteUpdateAsync(set => set.SetProperty(m => m.StartAnnouncedAt, startAnnouncedAt).SetProperty(m => m.EndAnnouncedAt, now), cancellationToken);
            if (marked == 0)
            {
                continue;
            }

            db.Emit(PortalEventTypes.MaintenanceUpdated, window.Audiences, MaintenanceUpdatedData.From(window, change), now);
            await db.CommitAsync(stream, cancellationToken);
        }

        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var waiting = db.Maintenances.Where(m => m.CancelledAt == null);
            var nextStart = await waiting.Where(m => m.StartAnnouncedAt == null && m.StartsAt > now)
                .OrderBy(m => m.StartsAt).Select(m => (DateTimeOffset?)m.StartsAt).FirstOrDefaultAsync(cancellationToken);
            var nextEnd = await waiting.Where(m => m.EndAnnouncedAt == null && m.EndsAt > now)
                .OrderBy(m => m.EndsAt).Select(m => (DateTimeOffset?)m.EndsAt).FirstOrDefaultAsync(cancellationToken);
            return nextStart is { } start && (nextEnd is not { } end || start < end) ? nextStart : nextEnd;
        }
    }
}
