using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Portal.LoadTest;

/// <summary>
/// The child process: N anonymous (Public) connections to the status hub. It notes the
/// monotonic timestamp of every <c>event</c> and reports them only when told to finish, so
/// writing output never delays a receipt.
/// </summary>
internal static class HubClients
{
    private readonly record struct Receipt(long Timestamp, long Sequence, string Type);

    public static async Task<int> RunAsync(LoadOptions options)
    {
        var receipts = new Receipt[options.Connections * 4];
        var received = 0;
        var connections = new HubConnection?[options.Connections];
        var failed = 0;
        string? firstError = null;

        // Every HubConnection would otherwise get an HttpClient of its own whose /negotiate
        // connection stays open beside the WebSocket: two sockets per hub connection in each
        // process, so 10,000 connections ran out of file descriptors. A browser shares its
        // connections across pages, so one pool for every negotiation is also the faithful load.
        using var negotiation = new HttpMessageInvoker(new SocketsHttpHandler { PooledConnectionIdleTimeout = TimeSpan.FromSeconds(5) }, disposeHandler: true);

        HubConnection Connect() => new HubConnectionBuilder()
            .WithUrl(new Uri(options.Url!, "/hubs/status"), http =>
            {
                http.Transports = HttpTransportType.WebSockets;
                http.HttpMessageHandlerFactory = _ => new SharedHandler(negotiation);
            })
            .Build();

        // One connection first, so the server's idle baseline includes the code every connection runs.
        await using var warmUp = Connect();
        await warmUp.StartAsync();
        await Warm.HandOverAsync();

        using var gate = new SemaphoreSlim(options.Concurrency);
        Task OpenAsync(int from, int to) => Task.WhenAll(Enumerable.Range(from, to - from).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                var connection = Connect();
                connection.On<JsonElement>("event", message =>
                {
                    var at = Stopwatch.GetTimestamp();
                    var slot = Interlocked.Increment(ref received) - 1;
                    if (slot < receipts.Length)
                    {
                        receipts[slot] = new Receipt(at, message.GetProperty("sequence").GetInt64(), message.GetProperty("type").GetString() ?? "");
                    }
                });
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
                await connection.StartAsync(timeout.Token);
                connections[i] = connection;
            }
            catch (Exception e)
            {
                // Whatever stops one connection opening is counted and reported, not allowed to end the run.
                Interlocked.Increment(ref failed);
                Interlocked.CompareExchange(ref firstError, e.GetType().Name + ": " + e.Message.ReplaceLineEndings(" "), null);
            }
            finally
            {
                gate.Release();
            }
        }));

        // Half first, so the server can weigh what the second half adds: a connection's own cost without the fixed ones.
        await OpenAsync(0, options.Connections / 2);
        await Warm.HalfwayAsync(options.Connections / 2 - Volatile.Read(ref failed));
        await OpenAsync(options.Connections / 2, options.Connections);

        var open = options.Connections - failed;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ready {open} {failed} {firstError}"));

        // "finish EXPECTED SECONDS": wait until EXPECTED receipts arrived or the time is up, then report.
        var command = (await Console.In.ReadLineAsync())?.Split(' ') ?? [];
        if (command is ["finish", var expectedText, var secondsText])
        {
            var expected = int.Parse(expectedText, CultureInfo.InvariantCulture);
            var until = Stopwatch.GetTimestamp() + (long.Parse(secondsText, CultureInfo.InvariantCulture) * Stopwatch.Frequency);
            while (Volatile.Read(ref received) < expected && Stopwatch.GetTimestamp() < until)
            {
                await Task.Delay(50);
            }

            var count = Math.Min(Volatile.Read(ref received), receipts.Length);
            var output = new System.Text.StringBuilder();
            for (var i = 0; i < count; i++)
            {
                output.Append(CultureInfo.InvariantCulture, $"r {receipts[i].Type} {receipts[i].Sequence} {receipts[i].Timestamp}\n");
            }

            output.Append("done\n");
            await Console.Out.WriteAsync(output.ToString());
            await Console.Out.FlushAsync();
        }

        // Closing 10,000 connections one by one takes long and measures nothing; closing them in
        // parallel keeps the server from logging them as dropped while it stops.
        await Parallel.ForEachAsync(connections, new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency }, async (connection, _) =>
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }
        });
        return 0;
    }

    /// <summary>Sends through the shared pool; disposing it (as each HubConnection does) leaves the pool open.</summary>
    internal sealed class SharedHandler(HttpMessageInvoker shared) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            shared.SendAsync(request, cancellationToken);
    }
}
