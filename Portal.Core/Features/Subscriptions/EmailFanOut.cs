using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Events.Consumers;
using Portal.Core.Persistence;

namespace Portal.Core.Features.Subscriptions;

/// <summary>
/// The email consumer (once per cluster): for each committed statement or status change, adds a
/// delivery for every active subscription that chose it and may see it, in chunks of subscriptions by
/// id, each chunk committed together with the checkpoint inside the event, so a crash neither repeats
/// nor loses a delivery. A statement is due at once; a status change when the subscriber's digest
/// interval allows. While it runs, <see cref="EmailSender"/> sends what is due.
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

            int? groupId = notice.SystemId is { } systemId
                ? await db.EstateSystems.Where(s => s.Id == systemId).Select(s => (int?)s.GroupId).SingleOrDefaultAsync(cancellationToken)
                : null;
            var accounts = await SubscriberViewers.OfAccountsAsync(db,
                subscriptions.Where(s => s.UserId is not null).Select(s => s.UserId!).ToList(), cancellationToken);
            var now = clock.GetUtcNow();
            var kind = notice.Kind == PortalEventKind.Statement ? EmailDeliveryKind.Statement : EmailDeliveryKind.Status;

            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            foreach (var subscription in subscriptions.Where(s => s.Chose(notice.Kind, notice.SystemId, groupId)))
            {
                var viewer = subscription.UserId is { } userId ? accounts.GetValueOrDefault(userId) : new Viewer(subscription.Audiences);
                if (viewer is null || !portalEvent.IsVisibleTo(viewer.Audiences))
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

    public override Task RunWhileActiveAsync(CancellationToken cancellationToken) => sender.RunAsync(cancellationToken);
}
