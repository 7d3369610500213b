using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Features.ApiClients;
using Portal.Tests.Hubs;
using Portal.Tests.Support;

namespace Portal.Tests.MultiNode;

/// <summary>
/// Node A, a real process, is killed while it commits status changes through the write API; node B,
/// on the same PostgreSQL database, keeps everything A confirmed and delivers it to its hub clients.
/// </summary>
public sealed class NodeFailureTests : IAsyncLifetime
{
    private const string Slug = "global-parts-logistics";

    private readonly string _database = PostgreSqlTestServer.NewDatabaseName();
    private readonly string _folderA = TestPortal.NewFolder();
    private PortalWebApp _nodeB = null!;
    private Uri _addressB = null!;
    private Process? _nodeA;

    public Task InitializeAsync()
    {
        _nodeB = new PortalWebApp(TwoNodes.NodeSettings(_database, "node-b"));
        _addressB = _nodeB.StartOnLoopback();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_nodeA is { HasExited: false })
        {
            _nodeA.Kill(entireProcessTree: true);
            await _nodeA.WaitForExitAsync();
        }

        _nodeA?.Dispose();
        await _nodeB.DisposeAsync();
        await PostgreSqlTestServer.DropAsync(_database);
        TestPortal.DeleteFolder(_folderA);
    }

    [Fact]
    public async Task KillingNodeAInTheMiddleOfCommitsLosesNothingItConfirmed()
    {
        var issued = await _nodeB.Get<IssueApiClientKey>().HandleAsync(new IssueApiClientKeyRequest("Monitoring", [],
            new ApiKeyGrant(new HashSet<string>(StringComparer.Ordinal) { ApiScopes.StatusWrite }, [Slug], [], [])), Actors.Admin);
        var addressA = await StartNodeAAsync();
        await using var hubOnB = await HubTestClient.ConnectAsync(_addressB);
        using var client = new HttpClient { BaseAddress = addressA, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", issued.Key);

        var confirmed = new ConcurrentQueue<string>();
        var tenConfirmed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writers = Enumerable.Range(0, 3).Select(writer => Task.Run(async () =>
        {
            for (var i = 0; ; i++)
            {
                var reason = $"Writer {writer} change {i}";
                var status = i % 2 == 0 ? "degraded" : "workaround";
                var body = $$"""{"status":"{{status}}","reason":"{{reason}}","workaround":"Use the fallback"}""";
                try
                {
                    using var response = await client.PatchAsync($"/api/v1/systems/{Slug}", new StringContent(body, Encoding.UTF8, "application/json"));
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        confirmed.Enqueue(reason);
                        if (confirmed.Count >= 10)
                        {
                            tenConfirmed.TrySetResult();
                        }
                    }
                }
                catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
                {
                    return; // Node A is gone: what it did not answer was never confirmed.
                }
            }
        })).ToList();

        await tenConfirmed.Task.WaitAsync(TimeSpan.FromMinutes(2));
        _nodeA!.Kill(entireProcessTree: true);
        await _nodeA.WaitForExitAsync();
        await Task.WhenAll(writers);

        List<(long Sequence, string Data)> log;
        await using (var db = _nodeB.NewDbContext())
        {
            log = [.. (await db.PortalEvents.OrderBy(e => e.Sequence).Select(e => new { e.Sequence, e.Data }).ToListAsync()).Select(e => (e.Sequence, e.Data))];
        }

        Assert.True(confirmed.Count >= 10);
        Assert.All(confirmed, reason => Assert.Contains(log, e => e.Data.Contains($"\"{reason}\"", StringComparison.Ordinal)));
        Assert.Equal(Enumerable.Range(1, log.Count).Select(i => (long)i), log.Select(e => e.Sequence));

        // Node B heard of every one of them and pushed them to its hub client.
        await hubOnB.WaitForSequenceAsync(log[^1].Sequence);
        Assert.All(confirmed, reason => Assert.Contains($"\"{reason}\"", hubOnB.ReceivedJson, StringComparison.Ordinal));
    }

    private async Task<Uri> StartNodeAAsync()
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = _folderA,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Portal.Web.dll"));
        start.ArgumentList.Add($"--urls=http://127.0.0.1:{port}");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Portal__DataFolder"] = Path.Combine(_folderA, "data");
        start.Environment["Portal__Consumers__NodeId"] = "node-a";
        foreach (var (key, value) in TwoNodes.NodeSettings(_database, "node-a"))
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new ConcurrentQueue<string>();
        _nodeA = new Process { StartInfo = start };
        _nodeA.OutputDataReceived += (_, line) =>
        {
            output.Enqueue(line.Data ?? "");
            if (line.Data?.Contains("Application started", StringComparison.Ordinal) == true)
            {
                listening.TrySetResult();
            }
        };
        _nodeA.ErrorDataReceived += (_, line) => output.Enqueue(line.Data ?? "");
        _nodeA.Exited += (_, _) => listening.TrySetException(new InvalidOperationException("Node A exited before it served:\n" + string.Join("\n", output)));
        _nodeA.EnableRaisingEvents = true;
        _nodeA.Start();
        _nodeA.BeginOutputReadLine();
        _nodeA.BeginErrorReadLine();
        await listening.Task.WaitAsync(TimeSpan.FromMinutes(2));
        return new Uri($"http://127.0.0.1:{port}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
