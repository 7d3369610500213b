using Microsoft.EntityFrameworkCore;
using Portal.Core.Events.Consumers;
using Portal.Core.Features.Subscriptions;
using Portal.Tests.Support;

namespace Portal.Tests.MultiNode;

/// <summary>A node that stops cleanly gives up the leases of its once-per-cluster consumers, so another node takes them over at once.</summary>
public sealed class LeaseHandoverTests : IAsyncLifetime
{
    private readonly string _database = PostgreSqlTestServer.NewDatabaseName();
    private PortalWebApp _nodeA = null!;
    private PortalWebApp _nodeB = null!;

    public Task InitializeAsync()
    {
        _nodeA = new PortalWebApp(TwoNodes.NodeSettings(_database, "node-a"));
        _nodeA.StartOnLoopback();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _nodeA.DisposeAsync();
        if (_nodeB is not null)
        {
            await _nodeB.DisposeAsync();
        }

        await PostgreSqlTestServer.DropAsync(_database);
    }

    [Fact]
    public async Task AStoppedNodeGivesUpItsLeaseAndAnotherNodeTakesItOverBeforeItWouldHaveExpired()
    {
        var sender = _nodeA.Get<EventConsumerHost>().Runner(EmailFanOut.ConsumerName);
        await sender.WaitAsync(r => r.IsActive && r.Passes > 0);
        _nodeB = new PortalWebApp(TwoNodes.NodeSettings(_database, "node-b"));
        _nodeB.StartOnLoopback();
        var senderOnB = _nodeB.Get<EventConsumerHost>().Runner(EmailFanOut.ConsumerName);
        await senderOnB.WaitAsync(r => r.LeaseChecks >= 1);
        Assert.False(senderOnB.IsActive);

        // Stopped as its host stops it (the load tool stops its in-process portal the same way).
        await _nodeA.DisposeAsync();

        Assert.DoesNotContain(_nodeA.Log.Entries, e => e.Message.StartsWith("Could not give up the lease", StringComparison.Ordinal));
        await using (var db = _nodeB.NewDbContext())
        {
            // Given up: still node A's, but expired at once (unless node B has already taken it).
            var lease = await db.ConsumerLeases.AsNoTracking().SingleAsync(l => l.Name == EmailFanOut.ConsumerName);
            Assert.True(lease.Holder.StartsWith("node-b/", StringComparison.Ordinal) || lease.ExpiresAt <= TimeProvider.System.GetUtcNow(),
                $"Node A still holds the lease until {lease.ExpiresAt:O}.");
        }

        await senderOnB.WaitAsync(r => r.IsActive);
    }
}
