namespace Portal.Core.Domain;

/// <summary>One entry of a system's status history: from what, to what, why, by whom and when.</summary>
public sealed class SystemStatusChange
{
    public const int ChangedByMaxLength = 256;

    private SystemStatusChange()
    {
    }

    internal SystemStatusChange(
        EstateSystem system,
        SystemStatus from,
        SystemStatus to,
        string reason,
        string? workaround,
        string changedBy,
        DateTimeOffset changedAt)
    {
        EstateSystem = system;
        From = from;
        To = to;
        Reason = reason;
        Workaround = workaround;
        ChangedBy = Guard.Text(changedBy, ChangedByMaxLength, nameof(changedBy));
        ChangedAt = changedAt;
    }

    public long Id { get; private set; }

    public int EstateSystemId { get; private set; }

    public EstateSystem EstateSystem { get; private set; } = null!;

    public SystemStatus From { get; private set; }

    public SystemStatus To { get; private set; }

    public string Reason { get; private set; } = "";

    public string? Workaround { get; private set; }

    public string ChangedBy { get; private set; } = "";

    public DateTimeOffset ChangedAt { get; private set; }
}
