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

    // Held while choosing how committed events reach subscribers and while handing them on, so that the relay
    // starting or stopping never falls between a commit's choice and its publication.
    private readonly Lock _relayGate = new();
    private Relay? _relay;

    private long _lastPublishedSequence;
    private long _changeCount;

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
        Task handedOn;
        lock (_relayGate)
        {
            if (_relay is not { } relay)
            {
                Publish(events);
                return;
            }

            handedOn = relay.HandOnCommitted(events);
        }

        try
        {
            await handedOn.WaitAsync(patience);
        }
        catch (TimeoutException)
        {
            logger.LogWarning("The relay of the event log has not passed sequence {Sequence} yet; it hands the event on when it catches up",
                events.Max(e => e.Sequence));
        }
    }

    /// <summary>
    /// Makes a relay of the shared log the way committed events reach subscribers, until the returned
    /// <see cref="Relay"/> is disposed. The relay reads the log in sequence order and hands each event on with
    /// <see cref="Relay.HandOn"/>, after telling where its reading starts (<see cref="Relay.StartsAfter"/>);
    /// <paramref name="wake"/> asks it to read the log now. Call this before the relay reads where it starts:
    /// every event this node committed and published directly up to now is then at or before that place.
    /// </summary>
    public Relay UseRelay(Action wake)
    {
        lock (_relayGate)
        {
            if (_relay is not null)
            {
                throw new InvalidOperationException("A relay of the event log already hands committed events to this node's subscribers.");
            }

            return _relay = new Relay(this, wake);
        }
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

    /// <summary>
    /// Hands committed events to every subscriber that may see them, in sequence order. Only through
    /// <see cref="PublishCommittedAsync"/> and the <see cref="Relay"/>, which see to it that each is handed on once.
    /// </summary>
    private void Publish(IEnumerable<PortalEvent> events)
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

    /// <summary>
    /// A relay of the shared log, installed with <see cref="UseRelay"/>: while it is, every committed event reaches
    /// this node's subscribers exactly once, whichever way it came and however node start and commits interleave.
    /// </summary>
    /// <remarks>
    /// A commit on this node waits for the relay to hand its events on, unless it was committed at or before the
    /// place the relay starts after: the relay never reads those, so the commit publishes them itself. Such a late
    /// commit is the only thing a subscriber can meet out of sequence order.
    /// </remarks>
    public sealed class Relay : IDisposable
    {
        private readonly PortalEventStream _stream;
        private readonly Action _wake;
        private readonly List<Commit> _waiting = [];
        private long? _startsAfter;
        private long _handedOnThrough = long.MinValue;
        private bool _ended;

        internal Relay(PortalEventStream stream, Action wake)
        {
            _stream = stream;
            _wake = wake;
        }

        /// <summary>The highest sequence this relay has handed on (or started after); <see cref="long.MinValue"/> before it starts.</summary>
        public long HandedOnThrough
        {
            get
            {
                lock (_stream._relayGate)
                {
                    return _handedOnThrough;
                }
            }
        }

        /// <summary>
        /// Says where the relay's reading starts: it hands on every event after <paramref name="sequence"/> and none at
        /// or before it. Commits on this node up to it that are still waiting are published now.
        /// </summary>
        public void StartsAfter(long sequence)
        {
            lock (_stream._relayGate)
            {
                if (_ended)
                {
                    return;
                }

                if (_startsAfter is not null)
                {
                    throw new InvalidOperationException("The relay already said where it starts.");
                }

                _startsAfter = sequence;
                _handedOnThrough = sequence;
                Release(sequence, publish: true);
            }
        }

        /// <summary>
        /// Hands one event, read from the log in sequence order, to this node's subscribers. An event at or before one
        /// already handed on (read again after a failure) is not handed on twice; nothing is once the relay is disposed.
        /// </summary>
        public void HandOn(PortalEvent portalEvent)
        {
            lock (_stream._relayGate)
            {
                if (_ended || portalEvent.Sequence <= _handedOnThrough)
                {
                    return;
                }

                if (_startsAfter is null)
                {
                    throw new InvalidOperationException("The relay hands events on only once it has said where it starts.");
                }

                _stream.Publish([portalEvent]);
                _handedOnThrough = portalEvent.Sequence;
                Release(portalEvent.Sequence, publish: false);
            }
        }

        /// <summary>Stops relaying: commits still waiting publish what the relay had not handed on, and later ones publish directly.</summary>
        public void Dispose()
        {
            lock (_stream._relayGate)
            {
                if (_ended)
                {
                    return;
                }

                _ended = true;
                if (_stream._relay == this)
                {
                    _stream._relay = null;
                }

                foreach (var commit in _waiting)
                {
                    _stream.Publish(commit.Events.Where(e => e.Sequence > _handedOnThrough));
                    commit.HandedOn.TrySetResult();
                }

                _waiting.Clear();
            }
        }

        /// <summary>Called under the stream's relay gate by <see cref="PublishCommittedAsync"/>.</summary>
        internal Task HandOnCommitted(IReadOnlyList<PortalEvent> events)
        {
            var last = events.Max(e => e.Sequence);
            if (_startsAfter is { } start && last <= start)
            {
                // Committed before the relay's reading starts: it never reads these.
                _stream.Publish(events);
                return Task.CompletedTask;
            }

            if (last <= _handedOnThrough)
            {
                return Task.CompletedTask;
            }

            var commit = new Commit(events, last);
            _waiting.Add(commit);
            _wake();
            return commit.HandedOn.Task;
        }

        private void Release(long sequence, bool publish)
        {
            foreach (var commit in _waiting.Where(c => c.Last <= sequence))
            {
                if (publish)
                {
                    _stream.Publish(commit.Events);
                }

                commit.HandedOn.TrySetResult();
            }

            _waiting.RemoveAll(c => c.Last <= sequence);
        }

        private sealed record Commit(IReadOnlyList<PortalEvent> Events, long Last)
        {
            public TaskCompletionSource HandedOn { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
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
