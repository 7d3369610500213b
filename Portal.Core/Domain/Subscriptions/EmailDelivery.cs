namespace Portal.Core.Domain;

public enum EmailDeliveryStatus
{
    /// <summary>Waiting to be sent (now, or when its digest interval or retry is due).</summary>
    Pending,

    /// <summary>The mail server accepted it.</summary>
    Sent,

    /// <summary>The mail server refused the address for good; the subscription is suspended.</summary>
    Failed,

    /// <summary>Not sent: the subscription ended, was suspended, or no longer sees the event.</summary>
    Cancelled,
}

/// <summary>
/// What a delivery tells: a statement, a maintenance window or a restart phase (one mail each, never
/// delayed) or a status change (gathered into digests).
/// </summary>
public enum EmailDeliveryKind
{
    Statement,
    Status,
    Maintenance,
    Phase,
}

/// <summary>
/// One event on its way to one email subscription. Status changes waiting for the same subscription
/// are sent together as one digest. The mail's Message-ID is made of the event's sequence (a digest's
/// latest) and the subscription, so a repeat carries the same id and the receiver can drop it.
/// </summary>
public sealed class EmailDelivery
{
    public const int ErrorMaxLength = 300;

    /// <summary>The waits after a recipient the server put off (4xx) for the second to sixth attempts; after the sixth it fails.</summary>
    public static readonly IReadOnlyList<TimeSpan> DeferredDelays =
    [
        TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2), TimeSpan.FromHours(6),
    ];

    private EmailDelivery()
    {
    }

    public EmailDelivery(long subscriptionId, long sequence, EmailDeliveryKind kind, DateTimeOffset at, DateTimeOffset dueAt)
    {
        SubscriptionId = subscriptionId;
        Sequence = sequence;
        Kind = kind;
        CreatedAt = at;
        DueAt = dueAt;
    }

    public long Id { get; private set; }

    public long SubscriptionId { get; private set; }

    public long Sequence { get; private set; }

    public EmailDeliveryKind Kind { get; private set; }

    public EmailDeliveryStatus Status { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>When it may go; null once it is no longer pending.</summary>
    public DateTimeOffset? DueAt { get; private set; }

    /// <summary>Attempts the server answered for this recipient (a server that cannot be reached counts none).</summary>
    public int Attempts { get; private set; }

    public DateTimeOffset? LastAttemptAt { get; private set; }

    public DateTimeOffset? SentAt { get; private set; }

    public string? LastError { get; private set; }

    public static string MessageIdFor(long sequence, long subscriptionId, string domain) =>
        $"event-{sequence}.subscription-{subscriptionId}@{domain}";

    public void Sent(DateTimeOffset at)
    {
        Attempts++;
        Status = EmailDeliveryStatus.Sent;
        LastAttemptAt = SentAt = at;
        LastError = null;
        DueAt = null;
    }

    public void Refused(string error, DateTimeOffset at)
    {
        Attempts++;
        Status = EmailDeliveryStatus.Failed;
        LastAttemptAt = at;
        LastError = Trim(error);
        DueAt = null;
    }

    /// <summary>The server put this recipient off (4xx): tried again later, and failed after the last wait.</summary>
    public void Deferred(string error, DateTimeOffset at)
    {
        Attempts++;
        LastAttemptAt = at;
        LastError = Trim(error);
        if (Attempts > DeferredDelays.Count)
        {
            Status = EmailDeliveryStatus.Failed;
            DueAt = null;
            return;
        }

        DueAt = at + DeferredDelays[Attempts - 1];
    }

    /// <summary>The mail server could not be reached: it waits and goes when the server is back.</summary>
    public void ServerUnavailable(string error, DateTimeOffset at, DateTimeOffset retryAt)
    {
        LastAttemptAt = at;
        LastError = Trim(error);
        DueAt = retryAt;
    }

    /// <summary>Waits for the end of the subscriber's digest interval.</summary>
    public void Postpone(DateTimeOffset dueAt) => DueAt = dueAt;

    public void Cancel(string reason, DateTimeOffset at)
    {
        Status = EmailDeliveryStatus.Cancelled;
        LastError = Trim(reason);
        LastAttemptAt ??= at;
        DueAt = null;
    }

    private static string Trim(string error) => error.Length <= ErrorMaxLength ? error : error[..ErrorMaxLength];
}
