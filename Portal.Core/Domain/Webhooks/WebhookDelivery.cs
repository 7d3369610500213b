namespace Portal.Core.Domain;

public enum WebhookDeliveryStatus
{
    /// <summary>Waiting for its first or next attempt.</summary>
    Pending,

    /// <summary>The receiver answered 2xx.</summary>
    Delivered,

    /// <summary>Every attempt failed, or the receiver answered 410 Gone.</summary>
    Failed,

    /// <summary>Not sent: the endpoint no longer sees the event's audiences.</summary>
    Cancelled,
}

/// <summary>
/// One event on its way to one webhook endpoint, with its retry state and the last answer. The
/// message id <see cref="MessageId"/> is made of the event's sequence and the endpoint, so a repeat
/// (after a crash, or sent again from the console) carries the same id and the receiver can drop it.
/// </summary>
public sealed class WebhookDelivery
{
    public const int ErrorMaxLength = 300;

    /// <summary>
    /// The waits before the second to tenth attempts (the first goes at once): about three and a
    /// half days in all. Each wait is stretched or shortened by up to a tenth at random, so
    /// receivers coming back from an outage are not hit by every sender at the same moment.
    /// </summary>
    public static readonly IReadOnlyList<TimeSpan> RetryDelays =
    [
        TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2), TimeSpan.FromHours(5),
        TimeSpan.FromHours(10), TimeSpan.FromHours(14), TimeSpan.FromHours(20), TimeSpan.FromHours(24),
    ];

    public const double Jitter = 0.1;

    /// <summary>The longest <c>Retry-After</c> honoured; a receiver asking for more is tried after this.</summary>
    public static readonly TimeSpan MaxRetryAfter = TimeSpan.FromHours(24);

    private WebhookDelivery()
    {
    }

    public WebhookDelivery(int endpointId, long sequence, string eventType, DateTimeOffset at)
    {
        EndpointId = endpointId;
        Sequence = sequence;
        EventType = eventType;
        CreatedAt = at;
        NextAttemptAt = at;
    }

    public static int MaxAttempts => RetryDelays.Count + 1;

    public long Id { get; private set; }

    public int EndpointId { get; private set; }

    public long Sequence { get; private set; }

    public string EventType { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }

    public WebhookDeliveryStatus Status { get; private set; }

    /// <summary>Attempts made since it was created or last sent again.</summary>
    public int Attempts { get; private set; }

    public DateTimeOffset? NextAttemptAt { get; private set; }

    public DateTimeOffset? LastAttemptAt { get; private set; }

    /// <summary>The HTTP status of the last answer; null when there was none (timeout, refused connection).</summary>
    public int? LastResponseCode { get; private set; }

    public string? LastError { get; private set; }

    /// <summary>The <c>webhook-id</c>: the same for every attempt and every repeat of this event to this endpoint.</summary>
    public string MessageId => MessageIdFor(Sequence, EndpointId);

    public static string MessageIdFor(long sequence, int endpointId) => $"evt_{sequence}_{endpointId}";

    public void Delivered(int responseCode, DateTimeOffset at)
    {
        Attempts++;
        Status = WebhookDeliveryStatus.Delivered;
        LastAttemptAt = at;
        LastResponseCode = responseCode;
        LastError = null;
        NextAttemptAt = null;
    }

    /// <summary>
    /// Records a failed attempt and schedules the next one (honouring <paramref name="retryAfter"/>
    /// when it asks for longer). Returns true when this was the last attempt and the delivery failed.
    /// </summary>
    /// <param name="jitter">A number in [-1, 1] that picks where in the ±10 % window the wait falls.</param>
    public bool AttemptFailed(int? responseCode, string error, TimeSpan? retryAfter, DateTimeOffset at, double jitter)
    {
        Attempts++;
        LastAttemptAt = at;
        LastResponseCode = responseCode;
        LastError = error.Length <= ErrorMaxLength ? error : error[..ErrorMaxLength];
        if (Attempts >= MaxAttempts)
        {
            Status = WebhookDeliveryStatus.Failed;
            NextAttemptAt = null;
            return true;
        }

        var wait = RetryDelays[Attempts - 1] * (1 + (Jitter * Math.Clamp(jitter, -1, 1)));
        if (retryAfter is { } asked && asked > wait)
        {
            wait = asked < MaxRetryAfter ? asked : MaxRetryAfter;
        }

        NextAttemptAt = at + wait;
        return false;
    }

    /// <summary>The receiver said the endpoint is gone (410): no more attempts.</summary>
    public void Gone(DateTimeOffset at)
    {
        Attempts++;
        Status = WebhookDeliveryStatus.Failed;
        LastAttemptAt = at;
        LastResponseCode = 410;
        LastError = "The receiver answered 410 Gone.";
        NextAttemptAt = null;
    }

    public void Cancel(string reason, DateTimeOffset at)
    {
        Status = WebhookDeliveryStatus.Cancelled;
        LastError = reason;
        LastAttemptAt ??= at;
        NextAttemptAt = null;
    }

    /// <summary>Sends it again from the first attempt of the schedule (an Admin asked, from the console).</summary>
    public void SendAgain(DateTimeOffset at)
    {
        Status = WebhookDeliveryStatus.Pending;
        Attempts = 0;
        NextAttemptAt = at;
    }
}
