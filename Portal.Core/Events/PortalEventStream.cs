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

    /// <summary>The highest sequence handed to subscribers so far (0 before the first event).</summary>
    public long LastPublishedSequence => Interlocked.Read(ref _lastPublishedSequence);

    /// <summary>Starts delivering events visible to <paramref name="audiences"/>; dispose to stop.</summary>
    public IDisposable Subscribe(IReadOnlySet<string> audiences, Action<PortalEvent> onEvent) => Add(audiences, onEvent);

    /// <summary>
    /// Starts delivering every event, whatever its audiences. Only for the staff console, which
    /// shows the whole estate; never for anything a viewer sees.
    /// </summary>
    public IDisposable SubscribeToEverything(Action<PortalEvent> onEvent) => Add(null, onEvent);

    private Subscription Add(IReadOnlySet<string>? audiences, Action<PortalEvent> onEvent)
    {
        var subscription = new Subscription(this, audiences, onEvent);
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
        foreach (var portalEvent in events.OrderBy(e => e.Sequence))
        {
            InterlockedMax(ref _lastPublishedSequence, portalEvent.Sequence);
            foreach (var subscription in subscriptions)
            {
                if (subscription.Audiences is { } audiences && !portalEvent.IsVisibleTo(audiences))
                {
                    continue;
                }

                try
                {
                    subscription.OnEvent(portalEvent);
                }
                catch (Exception exception)
                {
                    logger.LogError(exception, "A subscriber failed to handle event {Sequence} ({Type})",
                        portalEvent.Sequence, portalEvent.Type);
                }
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

    private sealed class Subscription(PortalEventStream stream, IReadOnlySet<string>? audiences, Action<PortalEvent> onEvent)
        : IDisposable
    {
        /// <summary>Null for a console subscription that receives everything.</summary>
        public IReadOnlySet<string>? Audiences { get; } = audiences;

        public Action<PortalEvent> OnEvent { get; } = onEvent;

        public void Dispose() => stream.Remove(this);
    }
}
