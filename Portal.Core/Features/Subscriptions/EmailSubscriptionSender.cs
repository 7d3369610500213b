using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Portal.Core.Events;
using Portal.Core.Events.Consumers;
using Portal.Core.Persistence;

namespace Portal.Core.Features.Subscriptions;

/// <summary>
/// The email consumer (once per cluster): for each committed statement or status change, mails every
/// confirmed subscription that may see it and chose it, in steps of <see cref="StepSize"/> subscriptions
/// in id order, each step checkpointed inside the event. A crash repeats at most the step in flight; a
/// mail server that cannot be reached fails the step, and the runner tries again from the checkpoint.
/// A refused address suspends that subscription and the others still receive the mail.
/// </summary>
internal sealed class EmailSubscriptionSender(
    IDbContextFactory<PortalDbContext> dbFactory, ISubscriptionMail mail, TimeProvider clock, ILogger<EmailSubscriptionSender> logger) : EventConsumer
{
    public const string ConsumerName = "email-subscriptions";

    /// <summary>How many subscriptions one checkpointed step covers: at most this many mails repeat after a crash.</summary>
    public const int StepSize = 100;

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
            var step = await db.EmailSubscriptions
                .Where(s => s.Id > after && s.ConfirmedAt != null && s.SuspendedAt == null)
                .OrderBy(s => s.Id)
                .Take(StepSize)
                .ToListAsync(cancellationToken);
            if (step.Count == 0)
            {
                return;
            }

            foreach (var subscription in step.Where(s => s.Wants(notice.Kind, notice.SystemId, portalEvent.IsVisibleTo(s.Viewer))))
            {
                try
                {
                    await mail.SendAsync(portalEvent.Sequence, subscription, notice, cancellationToken);
                }
                catch (SubscriberRefusedException refused)
                {
                    logger.LogWarning(refused, "Suspending the email subscription {Id}: its address was refused", subscription.Id);
                    subscription.Suspend(clock.GetUtcNow());
                }
            }

            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            after = step[^1].Id;
            await checkpoint.SaveAsync(db, after, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
    }
}
