using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Portal.Core.Events;
using Portal.Core.Events.Consumers;
using Portal.Core.Persistence;

namespace Portal.Tests.Support;

/// <summary>A consumer that records what it handled (shared between runs, to follow it across a restart).</summary>
public sealed class RecordingConsumer(string name, ConsumerScope scope, ConcurrentQueue<long>? handled = null) : EventConsumer
{
    public override string Name => name;

    public override ConsumerScope Scope => scope;

    public ConcurrentQueue<long> Handled { get; } = handled ?? new();

    /// <summary>Called before recording; throw from it to make the handler fail.</summary>
    public Func<PortalEvent, Task>? Before { get; set; }

    public override async Task HandleAsync(PortalEvent portalEvent, EventCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        if (Before is { } before)
        {
            await before(portalEvent);
        }

        Handled.Enqueue(portalEvent.Sequence);
    }
}

public static class ConsumerRunners
{
    /// <summary>Starts a runner for <paramref name="consumer"/> over the test portal's database, as the host would.</summary>
    public static EventConsumerRunner Start(TestPortal portal, EventConsumer consumer, string holder = "node-a/1")
    {
        var runner = new EventConsumerRunner(consumer, portal.Get<IDbContextFactory<PortalDbContext>>(), portal.Events, portal.Clock,
            portal.Get<IOptions<EventConsumerOptions>>().Value, holder, NullLogger.Instance);
        runner.Start();
        return runner;
    }

    /// <summary>Waits (up to 30 s of real time) until <paramref name="condition"/> holds for <paramref name="runner"/>.</summary>
    public static Task WaitAsync(this EventConsumerRunner runner, Func<EventConsumerRunner, bool> condition) =>
        runner.WaitUntilAsync(condition).WaitAsync(TimeSpan.FromSeconds(30));

}
