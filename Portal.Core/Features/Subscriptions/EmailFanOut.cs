using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Events.Consumers;
using Portal.Core.Events.Payloads;
using Portal.Core.Persistence;

namespace Portal.Core.Features.Subscriptions;

/// <summary>
/// The email consumer (once per cluster): for each committed statement, status change, maintenance
/// window or restart phase change, adds a delivery for every active subscription that chose it and may
/// see it, in chunks of subscriptions by id, each chunk committed together with the checkpoint inside
/// the event, so a crash neither repeats nor loses a delivery. A status change is due when the
/// subscriber's digest interval allows; the rest at once. While it runs, <see cref="EmailSender"/> sends what is due.
/// </summary>
internal sealed class EmailFanOut(
    IDbContextFactory<PortalDbContext> dbFactory, EmailSender sender, EmailActivity activity, IOptions<SubscriptionOptions> options, TimeProvider clock)
    : EventConsumer
{
    public const string ConsumerName = "email-subscriptions";

    /// <summary>How many subscriptions one checkpointed step covers.</summary>
    public const int ChunkSize = 500;

    public override string Name => ConsumerName;

    public override async Task HandleAsync(PortalEvent portalEvent, EventCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        if (SubscriptionNotice.For(portalEvent) is not { } notice)
        {
            return;
        }

        var touched = await TouchedSystemsAsync(notice, portalEvent, cancellationToken);
        var after = checkpoint.ResumeAfter;
        while (true)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var subscriptions = await db.EmailSubscriptions.AsNoTracking()
                .Where(s => s.Id > after && s.ConfirmedAt != null && s.SuspendedAt == null)
                .OrderBy(s => s.Id)
                .Take(ChunkSize)
                .ToListAsync(cancellationToken);
            if (subscriptions.Count == 0)
            {
                return;
            }

            var accounts = await SubscriberViewers.OfAccountsAsync(db,
                subscriptions.Where(s => s.UserId is not null).Select(s => s.UserId!).ToList(), cancellationToken);
            var now = clock.GetUtcNow();
            var kind = notice.Kind switch
            {
                PortalEventKind.SystemStatus => EmailDeliveryKind.Status,
                PortalEventKind.Maintenance => EmailDeliveryKind.Maintenance,
                PortalEventKind.Phase => EmailDeliveryKind.Phase,
                _ => EmailDeliveryKind.Statement,
            };

            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            foreach (var subscription in subscriptions)
            {
                var viewer = subscription.UserId is { } userId ? accounts.GetValueOrDefault(userId) : new Viewer(subscription.Audiences);
                if (viewer is null || !portalEvent.IsVisibleTo(viewer.Audiences))
                {
                    continue;
                }

                // Only the systems this subscriber may see decide whether a window or phase touches their choice.
                var seen = touched.Where(s => s.IsVisibleTo(viewer.Audiences)).ToList();
                if (!subscription.Chose(notice.Kind, [.. seen.Select(s => s.Id)], [.. seen.Select(s => s.GroupId).Distinct()]))
                {
                    continue;
                }

                var due = kind == EmailDeliveryKind.Statement ? now : subscription.StatusMailDue(now, options.Value.StatusDigest);
                db.EmailDeliveries.Add(new EmailDelivery(subscription.Id, portalEvent.Sequence, kind, now, due));
            }

            await db.SaveChangesAsync(cancellationToken);
            after = subscriptions[^1].Id;
            await checkpoint.SaveAsync(db, after, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            activity.Notify();
            sender.Wake();
        }
    }

    /// <summary>
    /// The systems the event is about, with their audiences: the system whose status changed, a maintenance
    /// window's affected systems, or the systems a restart phase brings back.
    /// </summary>
    private async Task<List<EstateSystem>> TouchedSystemsAsync(SubscriptionNotice notice, PortalEvent portalEvent, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var systems = db.EstateSystems.AsNoTracking();
        switch (notice.Kind)
        {
            case PortalEventKind.SystemStatus when notice.SystemId is { } systemId:
                return await systems.Where(s => s.Id == systemId).ToListAsync(cancellationToken);
            case PortalEventKind.Maintenance:
                var windowId = JsonSerializer.Deserialize<MaintenanceUpdatedData>(portalEvent.Data, PortalEvent.PayloadJson)!.Id;
                var affected = await db.Maintenances.AsNoTracking().Where(m => m.Id == windowId)
                    .Select(m => m.AffectedSystemIds).SingleOrDefaultAsync(cancellationToken) ?? [];
                return await systems.Where(s => affected.Contains(s.Id)).ToListAsync(cancellationToken);
            case PortalEventKind.Phase:
                var phaseId = JsonSerializer.Deserialize<PhaseUpdatedData>(portalEvent.Data, PortalEvent.PayloadJson)!.Id;
                return await systems.Where(s => s.RestartPhaseId == phaseId).ToListAsync(cancellationToken);
            default:
                return [];
        }
    }

    public override Task RunWhileActiveAsync(CancellationToken cancellationToken) => sender.RunAsync(cancellationToken);
}
