using Portal.Core.Persistence;

namespace Portal.Core.Events.Consumers;

/// <summary>Where a consumer stands inside the one event it is handling.</summary>
public sealed class EventCheckpoint
{
    private readonly EventConsumerRunner _runner;

    internal EventCheckpoint(EventConsumerRunner runner, long sequence, long resumeAfter)
    {
        _runner = runner;
        Sequence = sequence;
        ResumeAfter = resumeAfter;
    }

    public long Sequence { get; }

    /// <summary>
    /// The position inside this event that an earlier run finished (0 when none): a fan-out skips
    /// recipients up to it. Positions are the consumer's own, usually the recipients' ids in ascending order.
    /// </summary>
    public long ResumeAfter { get; private set; }

    /// <summary>
    /// Records that this event is finished up to <paramref name="position"/>, inside
    /// <paramref name="db"/>'s current transaction when it has one: begin a transaction, write what
    /// the step produced, save the checkpoint and commit, and the step and the cursor are durable
    /// together. A once-per-cluster consumer's checkpoint fails with
    /// <see cref="ConsumerLeaseLostException"/> when another node has taken its lease, so that step is not committed.
    /// </summary>
    public async Task SaveAsync(PortalDbContext db, long position, CancellationToken cancellationToken)
    {
        await _runner.SaveCursorAsync(db, Sequence, position, cancellationToken);
        ResumeAfter = position;
    }
}

/// <summary>Another node holds the lease of this once-per-cluster consumer; this node must stop handling.</summary>
public sealed class ConsumerLeaseLostException(string consumer)
    : Exception($"Another node has taken over the event consumer '{consumer}'.");
