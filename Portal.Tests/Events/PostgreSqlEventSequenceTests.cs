using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Portal.Core.Events;
using Portal.Tests.Support;

namespace Portal.Tests.Events;

/// <summary>
/// On PostgreSQL several nodes write the event log at once; the sequence must still become visible in
/// commit order, so a reader that has seen N never later meets a number below N.
/// Two Portal.Core hosts share one database on the test server (see <see cref="PostgreSqlTestServer"/>).
/// </summary>
public sealed class PostgreSqlEventSequenceTests : IAsyncLifetime
{
    private readonly string _database = PostgreSqlTestServer.NewDatabaseName();
    private TestPortal _nodeA = null!;
    private TestPortal _nodeB = null!;

    public async Task InitializeAsync()
    {
        _nodeA = await TestPortal.StartAsync(sharedPostgreSqlDatabase: _database, settings: new Dictionary<string, string?> { ["Portal:Consumers:NodeId"] = "a" });
        _nodeB = await TestPortal.StartAsync(sharedPostgreSqlDatabase: _database, settings: new Dictionary<string, string?> { ["Portal:Consumers:NodeId"] = "b" });
    }

    public async Task DisposeAsync()
    {
        await _nodeA.DisposeAsync();
        await _nodeB.DisposeAsync();
        await PostgreSqlTestServer.DropAsync(_database);
    }

    [Fact]
    public async Task AWriterWaitsForTheOneBeforeItToCommitAndTakesTheNextNumber()
    {
        await using var first = _nodeA.NewDbContext();
        await using var transaction = await first.Database.BeginTransactionAsync();
        var early = first.Emit(PortalEventTypes.EstateUpdated, ["public"], new { }, TestPortal.DemoNow);
        await first.SaveChangesAsync();

        // Node B's commit must wait for the lock node A's open transaction holds.
        await using var second = _nodeB.NewDbContext();
        var late = second.Emit(PortalEventTypes.EstateUpdated, ["public"], new { }, TestPortal.DemoNow);
        var committing = second.CommitAsync(_nodeB.Events, CancellationToken.None);
        await WaitForALockWaiterAsync();
        Assert.False(committing.IsCompleted);
        Assert.Empty(await ReadAfterAsync(0));

        await first.CommitAsync(_nodeA.Events, CancellationToken.None);
        await committing;

        Assert.Equal(early.Sequence + 1, late.Sequence);
        Assert.Equal([early.Sequence, late.Sequence], await ReadAfterAsync(0));
    }

    [Fact]
    public async Task AReaderNeverSeesALaterSequenceBeforeAnEarlierOneWhileBothNodesWrite()
    {
        const int WritersPerNode = 4;
        const int CommitsPerWriter = 15;
        const int Total = 2 * WritersPerNode * CommitsPerWriter;
        var seen = new List<long>();
        var outOfOrder = new ConcurrentBag<string>();

        // Whatever the reader is handed after N must start at N + 1: a gap would be an event committed
        // later that overtook an earlier one still to come.
        var reader = Task.Run(async () =>
        {
            var last = 0L;
            while (last < Total)
            {
                var batch = await ReadAfterAsync(last);
                foreach (var sequence in batch)
                {
                    if (sequence != last + 1)
                    {
                        outOfOrder.Add($"after {last} came {sequence}");
                    }

                    last = sequence;
                    seen.Add(sequence);
                }
            }
        });

        var writers = new[] { _nodeA, _nodeB }
            .SelectMany(node => Enumerable.Range(0, WritersPerNode).Select(_ => Task.Run(async () =>
            {
                for (var i = 0; i < CommitsPerWriter; i++)
                {
                    await using var db = node.NewDbContext();
                    db.Emit(PortalEventTypes.EstateUpdated, ["public"], new { }, TestPortal.DemoNow);
                    await db.CommitAsync(node.Events, CancellationToken.None);
                }
            })))
            .ToList();

        await Task.WhenAll(writers);
        await reader.WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Empty(outOfOrder);
        Assert.Equal(Enumerable.Range(1, Total).Select(i => (long)i), seen);
    }

    private async Task<List<long>> ReadAfterAsync(long after)
    {
        await using var db = _nodeA.NewDbContext();
        return await db.PortalEvents.Where(e => e.Sequence > after).OrderBy(e => e.Sequence).Select(e => e.Sequence).ToListAsync();
    }

    private async Task WaitForALockWaiterAsync()
    {
        await using var connection = new NpgsqlConnection(PostgreSqlTestServer.ConnectionStringFor(_database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted", connection);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while ((long)(await command.ExecuteScalarAsync())! == 0)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromMinutes(1), "Node B's commit never waited for the sequence lock.");
            await Task.Yield();
        }
    }
}
