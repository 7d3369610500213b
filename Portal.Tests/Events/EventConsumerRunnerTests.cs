using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Events.Consumers;
using Portal.Core.Features.Systems;
using Portal.Tests.Support;

namespace Portal.Tests.Events;

public sealed class EventConsumerRunnerTests
{
    private static readonly TimeSpan LeaseDuration = new EventConsumerOptions().LeaseDuration;

    [Fact]
    public async Task ContinuesFromItsCursorAfterARestart()
    {
        var folder = TestPortal.NewFolder();
        var handled = new ConcurrentQueue<long>();
        try
        {
            List<long> firstRun;
            await using (var portal = await TestPortal.StartAsync(folder: folder))
            {
                await using var runner = ConsumerRunners.Start(portal, new RecordingConsumer("cache", ConsumerScope.PerNode, handled));
                await runner.WaitAsync(r => r.Passes > 0);
                var last = 0L;
                foreach (var status in new[] { SystemStatus.Degraded, SystemStatus.Offline, SystemStatus.Restoring })
                {
                    await ChangePayrollAsync(portal, status);
                    last = portal.Events.LastPublishedSequence;
                }

                await runner.WaitAsync(r => r.FinishedSequence >= last);
                firstRun = [.. handled];
            }

            // Committed while no consumer ran: the restarted one picks them up from its cursor.
            await using (var portal = await TestPortal.StartAsync(folder: folder))
            {
                await ChangePayrollAsync(portal, SystemStatus.Operational);
                await ChangePayrollAsync(portal, SystemStatus.Degraded);
                await using var runner = ConsumerRunners.Start(portal, new RecordingConsumer("cache", ConsumerScope.PerNode, handled));
                var last = await LastSequenceAsync(portal);
                await runner.WaitAsync(r => r.FinishedSequence >= last);
            }

            Assert.Equal([1, 2, 3], firstRun);
            Assert.Equal([1, 2, 3, 4, 5], handled);
        }
        finally
        {
            TestPortal.DeleteFolder(folder);
        }
    }

    [Fact]
    public async Task StartsAtTheEndOfTheLogTheFirstTimeItRuns()
    {
        await using var portal = await TestPortal.StartAsync();
        await ChangePayrollAsync(portal, SystemStatus.Degraded);
        var consumer = new RecordingConsumer("late", ConsumerScope.PerNode);
        await using var runner = ConsumerRunners.Start(portal, consumer);
        await runner.WaitAsync(r => r.Passes > 0);

        await ChangePayrollAsync(portal, SystemStatus.Offline);
        await runner.WaitAsync(r => r.FinishedSequence >= 2);

        Assert.Equal([2], consumer.Handled);
    }

    [Fact]
    public async Task IsWokenByACommitWithoutWaitingForItsPoll()
    {
        await using var portal = await TestPortal.StartAsync();
        var consumer = new RecordingConsumer("prompt", ConsumerScope.PerNode);
        await using var runner = ConsumerRunners.Start(portal, consumer);
        await runner.WaitAsync(r => r.Passes > 0);

        // The fake clock never moves here, so the safety poll cannot be what finds the event.
        await ChangePayrollAsync(portal, SystemStatus.Degraded);
        await runner.WaitAsync(r => r.FinishedSequence >= 1);

        Assert.Equal([1], consumer.Handled);
    }

    [Fact]
    public async Task HandlesNothingForAChangeThatWasRolledBack()
    {
        await using var portal = await TestPortal.StartAsync();
        var consumer = new RecordingConsumer("rollback", ConsumerScope.PerNode);
        var types = new ConcurrentQueue<string>();
        consumer.Before = e =>
        {
            types.Enqueue(e.Type);
            return Task.CompletedTask;
        };
        await using var runner = ConsumerRunners.Start(portal, consumer);
        await runner.WaitAsync(r => r.Passes > 0);

        await using (var db = portal.NewDbContext())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.Emit("neverCommitted", ["public"], new { }, portal.Clock.GetUtcNow());
            await db.SaveChangesAsync();

            // The consumer reads the log while the change is written but not committed.
            var passes = runner.Passes;
            runner.Wake();
            await runner.WaitAsync(r => r.Passes > passes);
            await transaction.RollbackAsync();
        }

        await ChangePayrollAsync(portal, SystemStatus.Degraded);
        var last = await LastSequenceAsync(portal);
        await runner.WaitAsync(r => r.FinishedSequence >= last);

        Assert.Equal([PortalEventTypes.SystemStatusChanged], types);
    }

    [Fact]
    public async Task RetriesAFailedEventWithBackoffWithoutLosingItsPlace()
    {
        await using var portal = await TestPortal.StartAsync();
        var consumer = new RecordingConsumer("flaky", ConsumerScope.PerNode);
        var attempts = 0;
        consumer.Before = e => e.Sequence == 2 && Interlocked.Increment(ref attempts) <= 2
            ? throw new InvalidOperationException("The mail server is down.")
            : Task.CompletedTask;
        await using var runner = ConsumerRunners.Start(portal, consumer);
        await runner.WaitAsync(r => r.Passes > 0);

        await ChangePayrollAsync(portal, SystemStatus.Degraded);
        await ChangePayrollAsync(portal, SystemStatus.Offline);
        await ChangePayrollAsync(portal, SystemStatus.Restoring);
        await runner.WaitAsync(r => r.Failures == 1);
        Assert.Equal(1, runner.FinishedSequence);

        portal.Clock.Advance(TimeSpan.FromSeconds(1));
        await runner.WaitAsync(r => r.Failures == 2);
        Assert.Equal(1, runner.FinishedSequence);

        // The second wait is twice as long as the first.
        // The failures are counted afresh once the pass that handled event 3 has finished.
        portal.Clock.Advance(TimeSpan.FromSeconds(2));
        await runner.WaitAsync(r => r.FinishedSequence >= 3 && r.Failures == 0);

        Assert.Equal([1, 2, 3], consumer.Handled);
    }

    [Fact]
    public async Task RunsAOncePerClusterConsumerOnTheLeaseHolderOnlyAndHandsItOverWhenTheHolderDies()
    {
        await using var portal = await TestPortal.StartAsync();
        var onA = new RecordingConsumer("sender", ConsumerScope.OncePerCluster);
        var onB = new RecordingConsumer("sender", ConsumerScope.OncePerCluster);
        var runnerA = ConsumerRunners.Start(portal, onA, "node-a/1");
        await runnerA.WaitAsync(r => r.IsActive && r.Passes > 0);
        await using var runnerB = ConsumerRunners.Start(portal, onB, "node-b/1");
        await runnerB.WaitAsync(r => r.LeaseChecks >= 1);
        Assert.False(runnerB.IsActive);

        await ChangePayrollAsync(portal, SystemStatus.Degraded);
        await runnerA.WaitAsync(r => r.FinishedSequence >= 1);

        // Node A dies without giving the lease up; node B waits until it has expired.
        await runnerA.DisposeAsync();
        await ChangePayrollAsync(portal, SystemStatus.Offline);
        var renewEvery = LeaseDuration / 3;
        for (var check = 2; check <= 3; check++)
        {
            portal.Clock.Advance(renewEvery);
            await runnerB.WaitAsync(r => r.LeaseChecks >= check);
            Assert.False(runnerB.IsActive);
        }

        portal.Clock.Advance(renewEvery);
        await runnerB.WaitAsync(r => r.IsActive && r.FinishedSequence >= 2);

        Assert.Equal([1], onA.Handled);
        Assert.Equal([2], onB.Handled);
        await using var db = portal.NewDbContext();
        Assert.Equal("node-b/1", (await db.ConsumerLeases.SingleAsync(l => l.Name == "sender")).Holder);
    }

    [Fact]
    public async Task HandsTheLeaseOverAtTheNextCheckWhenTheHolderStopsCleanly()
    {
        await using var portal = await TestPortal.StartAsync();
        var runnerA = ConsumerRunners.Start(portal, new RecordingConsumer("sender", ConsumerScope.OncePerCluster), "node-a/1");
        await runnerA.WaitAsync(r => r.IsActive);
        await using var runnerB = ConsumerRunners.Start(portal, new RecordingConsumer("sender", ConsumerScope.OncePerCluster), "node-b/1");
        await runnerB.WaitAsync(r => r.LeaseChecks >= 1);

        await runnerA.StopAsync();
        portal.Clock.Advance(LeaseDuration / 3);

        await runnerB.WaitAsync(r => r.IsActive);
        Assert.False(runnerA.IsActive);
    }

    [Fact]
    public async Task AStopCalledAgainWhileTheConsumerFinishesReturnsOnlyOnceItHasStoppedAndGivenUpTheLease()
    {
        await using var portal = await TestPortal.StartAsync();
        var consumer = new SlowToStopConsumer();
        var runner = ConsumerRunners.Start(portal, consumer, "node-a/1");
        await runner.WaitAsync(r => r.IsActive && r.Passes > 0);

        // A host stops its services, and stops them again when its own run ends, then disposes what they use.
        var stopping = runner.StopAsync();
        await consumer.Stopping.WaitAsync(TimeSpan.FromSeconds(30));
        var again = runner.StopAsync();

        // Proving that it does not return means giving it a while to do so.
        Assert.NotSame(again, await Task.WhenAny(again, Task.Delay(TimeSpan.FromSeconds(2))));
        await using (var db = portal.NewDbContext())
        {
            Assert.True((await db.ConsumerLeases.SingleAsync(l => l.Name == consumer.Name)).ExpiresAt > portal.Clock.GetUtcNow());
        }

        consumer.Finish();
        await Task.WhenAll(stopping, again).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.False(runner.IsActive);
        await using var check = portal.NewDbContext();
        Assert.Equal(portal.Clock.GetUtcNow(), (await check.ConsumerLeases.SingleAsync(l => l.Name == consumer.Name)).ExpiresAt);
    }

    [Fact]
    public async Task ATakenLeaseFencesTheOldHoldersCheckpoint()
    {
        await using var portal = await TestPortal.StartAsync();
        var consumer = new RecordingConsumer("sender", ConsumerScope.OncePerCluster);
        await using var runner = ConsumerRunners.Start(portal, consumer, "node-a/1");
        await runner.WaitAsync(r => r.IsActive && r.Passes > 0);

        // Another node takes the lease over (as it would once this one stalled past its expiry).
        await using (var db = portal.NewDbContext())
        {
            await db.ConsumerLeases.ExecuteUpdateAsync(s => s.SetProperty(l => l.Holder, "node-b/1"));
        }

        await ChangePayrollAsync(portal, SystemStatus.Degraded);
        await runner.WaitAsync(r => r.Failures >= 1);

        await using var check = portal.NewDbContext();
        Assert.Equal(0, (await check.ConsumerCursors.SingleAsync(c => c.Name == "sender")).Sequence);
    }

    [Fact]
    public async Task ResumesAFanOutInsideAnEventRepeatingOnlyTheStepInFlight()
    {
        await using var portal = await TestPortal.StartAsync();
        var consumer = new FanOutConsumer(portal, recipients: 10, step: 3, failAfter: 8);
        await using var runner = ConsumerRunners.Start(portal, consumer);
        await runner.WaitAsync(r => r.Passes > 0);

        await ChangePayrollAsync(portal, SystemStatus.Degraded);
        await runner.WaitAsync(r => r.Failures == 1);
        portal.Clock.Advance(TimeSpan.FromSeconds(1));
        await runner.WaitAsync(r => r.FinishedSequence >= 1);

        // Recipients 7 and 8 were reached in the step that failed, and again when it was retried.
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8, 7, 8, 9, 10], consumer.Sent);
    }

    private static async Task ChangePayrollAsync(TestPortal portal, SystemStatus status) =>
        await portal.Get<ChangeSystemStatus>().HandleAsync(new ChangeSystemStatusRequest("payroll", status, $"Now {status}"), Actors.Operator);

    private static async Task<long> LastSequenceAsync(TestPortal portal)
    {
        await using var db = portal.NewDbContext();
        return await db.CurrentSequenceAsync(CancellationToken.None);
    }

    /// <summary>A sender whose work in flight takes a while to finish once it is asked to stop (an SMTP session ending).</summary>
    private sealed class SlowToStopConsumer : EventConsumer
    {
        private readonly TaskCompletionSource _stopping = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _finish = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override string Name => "slow-sender";

        public Task Stopping => _stopping.Task;

        public void Finish() => _finish.TrySetResult();

        public override Task HandleAsync(PortalEvent portalEvent, EventCheckpoint checkpoint, CancellationToken cancellationToken) => Task.CompletedTask;

        public override async Task RunWhileActiveAsync(CancellationToken cancellationToken)
        {
            try
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                _stopping.TrySetResult();
            }

            await _finish.Task;
        }
    }

    /// <summary>Sends one event to many recipients in steps, saving the checkpoint after each; fails once after <c>failAfter</c>.</summary>
    private sealed class FanOutConsumer(TestPortal portal, int recipients, int step, int failAfter) : EventConsumer
    {
        private bool _failed;

        public override string Name => "fan-out";

        public override ConsumerScope Scope => ConsumerScope.PerNode;

        public ConcurrentQueue<long> Sent { get; } = new();

        public override async Task HandleAsync(PortalEvent portalEvent, EventCheckpoint checkpoint, CancellationToken cancellationToken)
        {
            for (var first = checkpoint.ResumeAfter + 1; first <= recipients; first += step)
            {
                var last = Math.Min(first + step - 1, recipients);
                for (var recipient = first; recipient <= last; recipient++)
                {
                    Sent.Enqueue(recipient);
                    if (recipient == failAfter && !_failed)
                    {
                        _failed = true;
                        throw new InvalidOperationException("The node stopped in the middle of a step.");
                    }
                }

                await using var db = portal.NewDbContext();
                await checkpoint.SaveAsync(db, last, cancellationToken);
            }
        }
    }
}
