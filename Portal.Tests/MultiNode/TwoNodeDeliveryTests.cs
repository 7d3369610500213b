using System.Net;
using Npgsql;
using Portal.Core.Domain;
using Portal.Core.Events.Consumers;
using Portal.Tests.Hubs;
using Portal.Tests.Isolation;
using Portal.Tests.Support;

namespace Portal.Tests.MultiNode;

/// <summary>Two portal nodes on one PostgreSQL database: what one node commits, the other delivers; a cookie one issues, the other reads.</summary>
public sealed class TwoNodeDeliveryTests : IAsyncLifetime
{
    private readonly string _database = PostgreSqlTestServer.NewDatabaseName();
    private PortalWebApp _nodeA = null!;
    private PortalWebApp _nodeB = null!;
    private Uri _addressA = null!;
    private Uri _addressB = null!;

    public Task InitializeAsync()
    {
        _nodeA = new PortalWebApp(TwoNodes.NodeSettings(_database, "node-a"));
        _nodeB = new PortalWebApp(TwoNodes.NodeSettings(_database, "node-b"));
        _addressA = _nodeA.StartOnLoopback();
        _addressB = _nodeB.StartOnLoopback();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _nodeA.DisposeAsync();
        await _nodeB.DisposeAsync();
        await PostgreSqlTestServer.DropAsync(_database);
    }

    /// <summary>
    /// The server process of the relay's listening connection (other than <paramref name="except"/>), once there is one.
    /// Only in this test's database: the other two-node tests' nodes have listeners of the same names.
    /// </summary>
    private async Task<int> ListenerProcessAsync(string applicationName, int? except)
    {
        await using var connection = new NpgsqlConnection(PostgreSqlTestServer.ConnectionStringFor(_database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = @name AND query LIKE 'LISTEN%' AND pid <> @except",
            connection);
        command.Parameters.AddWithValue("name", applicationName);
        command.Parameters.AddWithValue("except", except ?? 0);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            if (await command.ExecuteScalarAsync() is int pid)
            {
                return pid;
            }

            Assert.True(waited.Elapsed < TimeSpan.FromMinutes(1), $"No listening connection named {applicationName}.");
            await Task.Yield();
        }
    }

    private async Task TerminateAsync(int pid)
    {
        await using var connection = new NpgsqlConnection(PostgreSqlTestServer.ConnectionStringFor(_database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT pg_terminate_backend(@pid)", connection);
        command.Parameters.AddWithValue("pid", pid);
        Assert.Equal(true, await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task AChangeOnNodeAReachesAHubClientAndTheAnonymousBoardOnNodeB()
    {
        using var anonymousOnB = new HttpClient { BaseAddress = _addressB };
        var before = await anonymousOnB.GetStringAsync("/systems/global-parts-logistics");
        await using var hubOnB = await HubTestClient.ConnectAsync(_addressB);
        var reason = $"Changed on node A {Guid.NewGuid():N}";

        var sequence = await _nodeA.Services.PublicChangeAsync(reason);

        var pushed = await hubOnB.WaitForSequenceAsync(sequence);
        Assert.Equal(sequence, HubTestClient.Sequence(pushed));
        Assert.Contains(reason, pushed.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain(reason, before, StringComparison.Ordinal);

        // Node B's cached public answers were evicted by node A's commit: its next answer shows it.
        Assert.Contains(reason, await anonymousOnB.GetStringAsync("/systems/global-parts-logistics"), StringComparison.Ordinal);
        using var summary = await anonymousOnB.GetAsync("/api/v2/summary.json");
        Assert.Equal($"W/\"public-{sequence}\"", summary.Headers.ETag!.ToString());
    }

    [Fact]
    public async Task NodeBCatchesUpWhenItsListeningConnectionIsCut()
    {
        await using var hubOnB = await HubTestClient.ConnectAsync(_addressB);
        var listener = PostgreSqlEventRelay.ListenerName("node-b");
        var first = await ListenerProcessAsync(listener, except: null);

        await TerminateAsync(first);
        var sequence = await _nodeA.Services.PublicChangeAsync($"While node B was not listening {Guid.NewGuid():N}");

        Assert.Equal(sequence, HubTestClient.Sequence(await hubOnB.WaitForSequenceAsync(sequence)));
        await ListenerProcessAsync(listener, except: first);
        Assert.Contains(_nodeB.Log.Messages, m => m.StartsWith("Lost the notifications of other nodes' commits", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ASignInCookieFromNodeAWorksOnNodeB()
    {
        const string Email = "two.nodes.operator@northwind-motors.example";
        await _nodeA.CreatePersonAsync(Email, PortalRoles.Operator);
        using var onA = await Visitor.SignedInAsync(_addressA, Email);
        var session = onA.Cookies.GetCookies(_addressA)["portal.session"];
        Assert.NotNull(session);

        var cookies = new CookieContainer();
        cookies.Add(_addressB, new Cookie(session.Name, session.Value));
        using var onB = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = _addressB };
        using var console = await onB.GetAsync("/admin");
        using var someoneElse = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = _addressB };
        using var anonymous = await someoneElse.GetAsync("/admin");

        Assert.Equal(HttpStatusCode.OK, console.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
    }
}
