namespace Portal.Core.Events.Consumers;

/// <summary>
/// How far one event consumer has got through the event log, kept in the database so that after a
/// crash or restart it continues where it stopped.
/// </summary>
/// <remarks>
/// With <see cref="Position"/> null, every event up to and including <see cref="Sequence"/> is finished.
/// With a position, every event before <see cref="Sequence"/> is finished and event <see cref="Sequence"/>
/// itself is finished up to that position (for example the last subscription id it was sent to), so a
/// fan-out to many recipients resumes inside the event instead of starting it again.
/// </remarks>
public sealed class ConsumerCursor
{
    public const int NameMaxLength = 120;

    private ConsumerCursor()
    {
    }

    internal ConsumerCursor(string name, long sequence, DateTimeOffset at)
    {
        Name = name;
        Sequence = sequence;
        UpdatedAt = at;
    }

    /// <summary>The consumer's name; a per-node consumer's name ends with <c>@</c> and the node's id.</summary>
    public string Name { get; private set; } = "";

    public long Sequence { get; private set; }

    public long? Position { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>The last sequence whose event is wholly finished.</summary>
    public long FinishedSequence => Position is null ? Sequence : Sequence - 1;

    /// <summary>Where to resume inside event <paramref name="sequence"/>: 0 when it was not started.</summary>
    public long ResumePositionFor(long sequence) => Position is { } position && Sequence == sequence ? position : 0;
}

/// <summary>
/// Who runs a once-per-cluster consumer: the node holding an unexpired lease. The holder renews it
/// while it runs; when it dies, the lease expires and another node takes it over.
/// </summary>
public sealed class ConsumerLease
{
    public const int HolderMaxLength = 120;

    private ConsumerLease()
    {
    }

    internal ConsumerLease(string name, string holder, DateTimeOffset expiresAt)
    {
        Name = name;
        Holder = holder;
        ExpiresAt = expiresAt;
    }

    public string Name { get; private set; } = "";

    /// <summary>The node and process holding the lease (<see cref="EventConsumerOptions.NodeId"/> and a per-process id).</summary>
    public string Holder { get; private set; } = "";

    public DateTimeOffset ExpiresAt { get; private set; }
}
