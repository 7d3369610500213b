using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Persistence;

namespace Portal.Core.Features.Subscriptions;

/// <summary>One email delivery as the console's log shows it.</summary>
/// <param name="Sequence">The event it tells (a digest's latest change).</param>
/// <param name="At">When it was last tried, sent or cancelled; when it was added while it has not been tried.</param>
public sealed record EmailDeliveryLogEntry(
    long Id,
    long SubscriptionId,
    string Recipient,
    long Sequence,
    EmailDeliveryKind Kind,
    EmailDeliveryStatus Status,
    int Attempts,
    DateTimeOffset At,
    DateTimeOffset? NextAttemptAt,
    string? Error)
{
    /// <summary>Failed for good, or still waiting after an error (a recipient put off, a mail server that is down).</summary>
    public bool IsFailing => Status == EmailDeliveryStatus.Failed || (Status == EmailDeliveryStatus.Pending && Error is not null);
}

/// <summary>
/// The email delivery log (Admin): failures first (failed for good, then waiting after an error), then
/// everything else, newest first; at most <see cref="MaxEntries"/> entries.
/// </summary>
public sealed class GetEmailDeliveryLog(IDbContextFactory<PortalDbContext> dbFactory)
{
    public const int MaxEntries = 100;

    public async Task<IReadOnlyList<EmailDeliveryLogEntry>> HandleAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Require(PortalRoles.Admin);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.EmailDeliveries.AsNoTracking()
            .Join(db.EmailSubscriptions, d => d.SubscriptionId, s => s.Id, (d, s) => new { Delivery = d, s.Address })
            .OrderBy(x => x.Delivery.Status == EmailDeliveryStatus.Failed ? 0 : x.Delivery.Status == EmailDeliveryStatus.Pending && x.Delivery.LastError != null ? 1 : 2)
            .ThenByDescending(x => x.Delivery.Id)
            .Take(MaxEntries)
            .ToListAsync(cancellationToken);
        return [.. rows.Select(x => new EmailDeliveryLogEntry(
            x.Delivery.Id,
            x.Delivery.SubscriptionId,
            x.Address,
            x.Delivery.Sequence,
            x.Delivery.Kind,
            x.Delivery.Status,
            x.Delivery.Attempts,
            x.Delivery.SentAt ?? x.Delivery.LastAttemptAt ?? x.Delivery.CreatedAt,
            x.Delivery.Status == EmailDeliveryStatus.Pending ? x.Delivery.DueAt : null,
            x.Delivery.LastError))];
    }
}
