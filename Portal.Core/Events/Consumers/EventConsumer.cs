namespace Portal.Core.Events.Consumers;

/// <summary>Where a consumer runs.</summary>
public enum ConsumerScope
{
    /// <summary>On every node, with a cursor of its own per node (cache eviction, the relay of other nodes' commits).</summary>
    PerNode,

    /// <summary>On one node of the cluster at a time, the holder of its lease (senders, scheduled publishing).</summary>
    OncePerCluster,
}

/// <summary>
/// Something that reacts to committed events outside a live page: it reads the event log after its
/// durable cursor, handles each event in sequence order, and the cursor moves on when it returns.
/// Register it with <see cref="EventConsumerServices.AddEventConsumer{TConsumer}"/>.
/// </summary>
/// <remarks>
/// Delivery is at least once: after a crash, the event that was being handled is handled again
/// (from its last <see cref="EventCheckpoint.SaveAsync"/> position). A handler that throws is
/// retried with growing delays from the same place; nothing after it is handled meanwhile.
/// </remarks>
public abstract class EventConsumer
{
    /// <summary>Stable name: the key of the cursor (and lease). Renaming a consumer starts it afresh.</summary>
    public abstract string Name { get; }

    public virtual ConsumerScope Scope => ConsumerScope.OncePerCluster;

    /// <summary>How many events one read of the log takes.</summary>
    public virtual int BatchSize => 100;

    /// <summary>
    /// Handles one committed event. <paramref name="checkpoint"/> says where to resume inside it and
    /// records progress inside it for a fan-out to many recipients.
    /// </summary>
    public abstract Task HandleAsync(PortalEvent portalEvent, EventCheckpoint checkpoint, CancellationToken cancellationToken);

    /// <summary>
    /// Work that runs alongside the reading while this consumer is active on this node (for a
    /// once-per-cluster consumer: while this node holds its lease); cancelled when it stops being
    /// active. A sender sends its due retries here. Exceptions are logged and the work restarted.
    /// </summary>
    public virtual Task RunWhileActiveAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// True for a consumer that feeds only this process's memory (the relay to live pages and hub connections):
    /// each time it becomes active it starts after the newest event in the log, whatever its cursor says, since
    /// nothing in a process that has just started needs what was committed before it.
    /// </summary>
    public virtual bool StartsAtTheEndOfTheLog => false;

    /// <summary>
    /// Called each time this consumer becomes active on this node, before the log is read for it; what it returns
    /// is disposed once it has stopped being active and handles nothing more.
    /// </summary>
    public virtual IDisposable? Activate() => null;

    /// <summary>
    /// Called once each time this consumer becomes active, before any event is handled, with the sequence its
    /// reading starts after: it is handed every event after it, and none at or before it.
    /// </summary>
    public virtual void StartsAfter(long sequence)
    {
    }
}
