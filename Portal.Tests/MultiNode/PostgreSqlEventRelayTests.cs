using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Events;
using Portal.Core.Events.Consumers;
using Portal.Core.Persistence;
using Portal.Tests.Support;

namespace Portal.Tests.MultiNode;

/// <summary>
/// A node on PostgreSQL hands its subscribers its own commits through the relay of the shared log: every committed
/// event reaches them exactly once, however the relay's start and the node's commits interleave.
/// </summary>
public sealed class PostgreSqlEventRelayTests : IAsyncLifetime
{
    private const string NodeId = "relay-node";

    private readonly string _database = PostgreSqlTestServer.NewDatabaseName();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => PostgreSqlTestServer.DropAsync(_database);

    [Fact]
    public async Task ACommitMadeWhileTheRelayStartsReachesThisNodesSubscribersOnce()
    {
        var gate = new FirstCursorReadGate($"{PostgreSqlEventRelay.ConsumerName}@{NodeId}");
        await using var node = await StartNodeAsync(gate);
        using var received = new ReceivedEvents(node.Events);
        var host = node.Get<EventConsumerHost>();
        await host.StartAsync(CancellationToken.None);

        // The relay is installed and about to read where it starts: a commit lands in between.
        await gate.Reached.WaitAsync(TimeSpan.FromSeconds(30));
        await using var db = node.NewDbContext();
        var during = db.Emit(PortalEventTypes.EstateUpdated, ["public"], new { }, TestPortal.DemoNow);
        await db.SaveChangesAsync();
        var publishing = node.Events.PublishCommittedAsync([during], TimeSpan.FromSeconds(30));
        gate.Release();
        await publishing.WaitAsync(TimeSpan.FromSeconds(30));

        var after = await CommitAsync(node);
        await received.WaitForAsync(after.Sequence);

        Assert.Equal([during.Sequence, after.Sequence], received.Sequences);
        await host.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task WhatANodePublishedBeforeItsRelayStartedIsNotHandedOnAgainAfterARestart()
    {
        // An earlier run of this node left the relay's cursor behind; more was committed while it was down.
        await using (var earlier = await StartNodeAsync(gate: null))
        {
            var host = earlier.Get<EventConsumerHost>();
            await host.StartAsync(CancellationToken.None);
            await host.Runner(PostgreSqlEventRelay.ConsumerName).WaitAsync(r => r.Passes > 0);
            await host.StopAsync(CancellationToken.None);
            await CommitAsync(earlier);
        }

        await using var node = await StartNodeAsync(gate: null);
        using var received = new ReceivedEvents(node.Events);
        var before = await CommitAsync(node);
        var restarted = node.Get<EventConsumerHost>();
        await restarted.StartAsync(CancellationToken.None);
        await restarted.Runner(PostgreSqlEventRelay.ConsumerName).WaitAsync(r => r.Passes > 0);

        var after = await CommitAsync(node);
        await received.WaitForAsync(after.Sequence);

        Assert.Equal([before.Sequence, after.Sequence], received.Sequences);
        await restarted.StopAsync(CancellationToken.None);
    }

    private Task<TestPortal> StartNodeAsync(FirstCursorReadGate? gate) =>
        TestPortal.StartAsync(sharedPostgreSqlDatabase: _database, settings: new Dictionary<string, string?> { ["Portal:Consumers:NodeId"] = NodeId },
            configure: services =>
            {
                if (gate is not null)
                {
                    services.ConfigureDbContext<PortalDbContext>(options => options.AddInterceptors(gate));
                }
            });

    private static async Task<PortalEvent> CommitAsync(TestPortal node)
    {
        await using var db = node.NewDbContext();
        var portalEvent = db.Emit(PortalEventTypes.EstateUpdated, ["public"], new { }, TestPortal.DemoNow);
        await db.CommitAsync(node.Events, CancellationToken.None);
        return portalEvent;
    }

    /// <summary>Every event the node's stream hands its subscribers, in the order they get them.</summary>
    private sealed class ReceivedEvents : IDisposable
    {
        private readonly ConcurrentQueue<long> _sequences = new();
        private readonly SemaphoreSlim _arrived = new(0);
        private readonly IDisposable _subscription;

        public ReceivedEvents(PortalEventStream stream) => _subscription = stream.SubscribeToEverything(e =>
        {
            _sequences.Enqueue(e.Sequence);
            _arrived.Release();
        });

        public IReadOnlyList<long> Sequences => [.. _sequences];

        public async Task WaitForAsync(long sequence)
        {
            while (!_sequences.Contains(sequence))
            {
                Assert.True(await _arrived.WaitAsync(TimeSpan.FromSeconds(30)), $"Event {sequence} did not reach the node's subscribers.");
            }
        }

        public void Dispose()
        {
            _subscription.Dispose();
            _arrived.Dispose();
        }
    }

    /// <summary>Holds the first read of one consumer's cursor (where it starts) until released.</summary>
    private sealed class FirstCursorReadGate(string cursorName) : DbCommandInterceptor
    {
        private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Reached => _reached.Task;

        public void Release() => _released.TrySetResult();

        public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            if (command.Parameters.Cast<DbParameter>().Any(p => cursorName.Equals(p.Value)) && _reached.TrySetResult())
            {
                await _released.Task.WaitAsync(cancellationToken);
            }

            return result;
        }
    }
}
