using Microsoft.Extensions.Logging;

namespace Portal.Core.Events;

/// <summary>
/// The in-process stream of committed events. Live pages and hub connections subscribe with the
/// audiences of their viewer and are only called for events those audiences may see.
/// </summary>
/// <remarks>
/// Handlers run on the publishing thread and must return quickly: a Blazor component hands the work
/// to its renderer with <c>InvokeAsync</c>. A failing handler is logged and does not stop the others.
/// </remarks>
public sealed class PortalEventStream(ILogger<PortalEventStream> logger)
{
    private readonly Lock _gate = new();
    private Subscription[] _subscriptions = [];

    private long _lastPublishedSequence;
    private long _changeCount;
    private Func<long, Task>? _relay;

    /// <summary>The highest sequence handed to subscribers so far (0 before the first event).</summary>
    public long LastPublishedSequence => Interlocked.Read(ref _lastPublishedSequence);

    /// <summary>
    /// How many committed changes the stream has heard of: every publication of events, and every
    /// change only staff see (<see cref="PublishStaffChange"/>). The console compares it before and after reading.
    /// </summary>
    public long ChangeCount => Interlocked.Read(ref _changeCount);

    /// <summary>
    /// Hands the events a use case has just committed to subscribers: at once, or, while a relay of
    /// the shared log runs (<see cref="UseRelay"/>), through it, so that this node's subscribers meet its own
    /// and other nodes' events alike in sequence order. Waits at most <paramref name="patience"/> for the
    /// relay; the events are in the log either way and the relay hands them on when it catches up.
    /// </summary>
    public async Task PublishCommittedAsync(IReadOnlyList<PortalEvent> events, TimeSpan patience)
    {
        if (Volatile.Read(ref _relay) is not { } relay)
        {
            Publish(events);
            return;
        }

        try
        {
            await relay(events.Max(e => e.Sequence)).WaitAsync(patience);
        }
        catch (TimeoutException)
        {
            logger.LogWarning("The relay of the event log has not passed sequence {Sequence} yet; it hands the event on when it catches up",
                events.Max(e => e.Sequence));
        }
    }

    /// <summary>
    /// Makes <paramref name="waitUntilPublished"/> (which completes once the relay has published the given
    /// sequence) the way committed events reach subscribers; dispose to publish directly again.
    /// </summary>
    public IDisposable UseRelay(Func<long, Task> waitUntilPublished)
    {
        Volatile.Write(ref _relay, waitUntilPublished);
        return new RelayRegistration(this, waitUntilPublished);
    }

    /// <summary>Starts delivering events visible to <paramref name="audiences"/>; dispose to stop.</summary>
    public IDisposable Subscribe(IReadOnlySet<string> audiences, Action<PortalEvent> onEvent) => Add(audiences, onEvent, onChange: null);

    /// <summary>
    /// Starts delivering every event, whatever its audiences. Only for code that chooses recipients
    /// by audience itself (the hub's fan-out); never for anything a viewer sees.
    /// </summary>
    public IDisposable SubscribeToEverything(Action<PortalEvent> onEvent) => Add(null, onEvent, onChange: null);

    /// <summary>
    /// Calls <paramref name="onChange"/> once after every committed change, whatever it is: events for
    /// any audience, and changes only staff see (a draft, an approval, a template, a person, a key).
    /// Only for the staff console, which shows the whole estate.
    /// </summary>
    public IDisposable SubscribeToConsole(Action onChange) => Add(null, onEvent: null, onChange);

    /// <summary>
    /// Tells the console that a change only staff see was committed: it has an audit entry but no
    /// event in the log, so no viewer and no hub client hears of it.
    /// </summary>
    public void PublishStaffChange()
    {
        Interlocked.Increment(ref _changeCount);
        Notify(Volatile.Read(ref _subscriptions));
    }

    private Subscription Add(IReadOnlySet<string>? audiences, Action<PortalEvent>? onEvent, Action? onChange)
    {
        var subscription = new Subscription(this, audiences, onEvent, onChange);
        lock (_gate)
        {
            _subscriptions = [.. _subscriptions, subscription];
        }

        return subscription;
    }

    /// <summary>Hands committed events to every subscriber that may see them, in sequence order.</summary>
    public void Publish(IEnumerable<PortalEvent> events)
    {
        var subscriptions = Volatile.Read(ref _subscriptions);
        var ordered = events.OrderBy(e => e.Sequence).ToList();
        if (ordered.Count == 0)
        {
            return;
        }

        Interlocked.Increment(ref _changeCount);
        foreach (var portalEvent in ordered)
        {
            InterlockedMax(ref _lastPublishedSequence, portalEvent.Sequence);
            foreach (var subscription in subscriptions)
            {
                if (subscription.OnEvent is not { } onEvent
                    || (subscription.Audiences is { } audiences && !portalEvent.IsVisibleTo(audiences)))
                {
                    continue;
                }

                try
                {
                    onEvent(portalEvent);
                }
                catch (Exception exception)
                {
                    logger.LogError(exception, "A subscriber failed to handle event {Sequence} ({Type})",
                        portalEvent.Sequence, portalEvent.Type);
                }
            }
        }

        Notify(subscriptions);
    }

    private void Notify(Subscription[] subscriptions)
    {
        foreach (var subscription in subscriptions)
        {
            try
            {
                subscription.OnChange?.Invoke();
            }
            catch (Exception exception)
            {
                logger.LogError(exception, "A console subscriber failed to handle a change");
            }
        }
    }

    private static void InterlockedMax(ref long target, long value)
    {
        var current = Interlocked.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }

    private void Remove(Subscription subscription)
    {
        lock (_gate)
        {
            _subscriptions = [.. _subscriptions.Where(s => s != subscription)];
        }
    }

    private sealed class RelayRegistration(PortalEventStream stream, Func<long, Task> relay) : IDisposable
    {
        public void Dispose() => Interlocked.CompareExchange(ref stream._relay, null, relay);
    }

    private sealed class Subscription(PortalEventStream stream, IReadOnlySet<string>? audiences, Action<PortalEvent>? onEvent, Action? onChange)
        : IDisposable
    {
        /// <summary>Null for the fan-out's subscription that receives every event.</summary>
        public IReadOnlySet<string>? Audiences { get; } = audiences;

        /// <summary>Null for a console subscription, which hears of changes rather than events.</summary>
        public Action<PortalEvent>? OnEvent { get; } = onEvent;

        public Action? OnChange { get; } = onChange;

        public void Dispose() => stream.Remove(this);
    }
}
