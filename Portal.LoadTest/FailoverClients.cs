using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Portal.LoadTest;

/// <summary>
/// The child process of <c>--two-nodes</c>: N anonymous hub connections, every other one on node A,
/// the rest on node B, each following the live contract (docs/live-contract.md): it keeps the last
/// sequence it applied, and on every (re)connect holds incoming events, calls <c>Resume(last)</c>,
/// applies what that returns and then what it held, each only if its sequence is above the last.
/// When node A's connection closes it connects to node B, as a client behind a load balancer
/// would, and resumes there. It reports every application and checks that every connection
/// applied the same sequences, once each, in order.
/// </summary>
internal static class FailoverClients
{
    private readonly record struct Applied(long Sequence, long At);

    private sealed class Client(int index, bool onA)
    {
        public int Index { get; } = index;

        public bool OnA { get; set; } = onA;

        public bool Moved { get; set; }

        public long Last { get; set; }

        public List<Applied> Applied { get; } = new(4);

        public List<long>? Held { get; set; }

        /// <summary>Events that arrived at or below the last applied sequence (live and in a resume), dropped by the contract's rule.</summary>
        public int Dropped { get; set; }

        public bool TooFarBehind { get; set; }

        public long ResumedOnBAt { get; set; }

        public HubConnection? Connection { get; set; }

        public Lock Gate { get; } = new();
    }

    public static async Task<int> RunAsync(LoadOptions options)
    {
        var nodeA = options.Url!;
        var nodeB = options.UrlB!;
        var stopping = false;
        var failed = 0;
        var failedToMove = 0;
        string? firstError = null;
        using var gate = new SemaphoreSlim(options.Concurrency);

        // WebSockets without the negotiate request: a connection is one request to one node, so no
        // stickiness is needed and each process holds one socket per connection.
        static HubConnection Build(Uri node) => new HubConnectionBuilder()
            .WithUrl(new Uri(node, "/hubs/status"), http =>
            {
                http.Transports = HttpTransportType.WebSockets;
                http.SkipNegotiation = true;
            })
            .Build();

        // Where every connection starts: the newest sequence Public may see, from a snapshot.
        long start;
        await using (var first = Build(nodeA))
        {
            await first.StartAsync();
            var snapshot = await first.InvokeAsync<JsonElement>("GetSnapshot");
            start = snapshot.GetProperty("sequence").GetInt64();
        }

        var clients = Enumerable.Range(0, options.Connections).Select(i => new Client(i, onA: i % 2 == 0) { Last = start }).ToArray();

        async Task ConnectAsync(Client client, Uri node)
        {
            var connection = Build(node);
            connection.On<JsonElement>("event", message =>
            {
                var at = Stopwatch.GetTimestamp();
                var sequence = message.GetProperty("sequence").GetInt64();
                lock (client.Gate)
                {
                    if (client.Held is { } held)
                    {
                        held.Add(sequence);
                        return;
                    }

                    Apply(client, sequence, at);
                }
            });
            connection.Closed += async _ =>
            {
                if (Volatile.Read(ref stopping) || !client.OnA)
                {
                    return;
                }

                // Node A is gone: go to node B, as the load balancer would send the reconnect.
                client.OnA = false;
                client.Moved = true;
                await MoveToBAsync(client);
            };

            lock (client.Gate)
            {
                client.Held = [];
            }

            JsonElement resumed;
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
                await connection.StartAsync(timeout.Token);
                resumed = await connection.InvokeAsync<JsonElement>("Resume", client.Last, timeout.Token);
            }
            catch
            {
                await connection.DisposeAsync();
                throw;
            }

            client.Connection = connection;
            var at = Stopwatch.GetTimestamp();
            lock (client.Gate)
            {
                if (resumed.GetProperty("tooFarBehind").GetBoolean())
                {
                    client.TooFarBehind = true;
                }

                foreach (var e in resumed.GetProperty("events").EnumerateArray())
                {
                    Apply(client, e.GetProperty("sequence").GetInt64(), at);
                }

                foreach (var sequence in client.Held!)
                {
                    Apply(client, sequence, at);
                }

                client.Held = null;
            }
        }

        async Task MoveToBAsync(Client client)
        {
            if (client.Connection is { } old)
            {
                client.Connection = null;
                await old.DisposeAsync();
            }

            for (var attempt = 1; ; attempt++)
            {
                await gate.WaitAsync();
                try
                {
                    await ConnectAsync(client, nodeB);
                    client.ResumedOnBAt = Stopwatch.GetTimestamp();
                    return;
                }
                catch (Exception e) when (attempt < 30)
                {
                    Interlocked.CompareExchange(ref firstError, e.GetType().Name + ": " + e.Message.ReplaceLineEndings(" "), null);
                }
                catch (Exception e)
                {
                    Interlocked.Increment(ref failedToMove);
                    Interlocked.CompareExchange(ref firstError, e.GetType().Name + ": " + e.Message.ReplaceLineEndings(" "), null);
                    return;
                }
                finally
                {
                    gate.Release();
                }

                await Task.Delay(TimeSpan.FromSeconds(1));
            }
        }

        var opened = new bool[clients.Length];
        await Task.WhenAll(clients.Select(async client =>
        {
            await gate.WaitAsync();
            try
            {
                await ConnectAsync(client, client.OnA ? nodeA : nodeB);
                opened[client.Index] = true;
            }
            catch (Exception e)
            {
                Interlocked.Increment(ref failed);
                Interlocked.CompareExchange(ref firstError, e.GetType().Name + ": " + e.Message.ReplaceLineEndings(" "), null);
            }
            finally
            {
                gate.Release();
            }
        }));

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ready {clients.Length - failed} {failed} {start} {firstError}"));
        var open = clients.Where(c => opened[c.Index]).ToArray();

        // "wait K SECONDS": until every open connection has applied K events, or the time is up.
        // "report": every application and the checks, then "done".
        while (await Console.In.ReadLineAsync() is { } line)
        {
            var command = line.Split(' ');
            if (command is ["wait", var countText, var secondsText])
            {
                var count = int.Parse(countText, CultureInfo.InvariantCulture);
                var until = Stopwatch.GetTimestamp() + (long.Parse(secondsText, CultureInfo.InvariantCulture) * Stopwatch.Frequency);
                int Reached() => open.Count(c => { lock (c.Gate) { return c.Applied.Count >= count; } });
                while (Reached() < open.Length && Stopwatch.GetTimestamp() < until)
                {
                    await Task.Delay(50);
                }

                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"waited {Reached()}"));
            }
            else if (command is ["report"])
            {
                Volatile.Write(ref stopping, true);
                await Console.Out.WriteAsync(Report(open, failedToMove, firstError));
                await Console.Out.FlushAsync();
                break;
            }
        }

        await Parallel.ForEachAsync(clients, new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency }, async (client, _) =>
        {
            if (client.Connection is { } connection)
            {
                await connection.DisposeAsync();
            }
        });
        return 0;
    }

    private static void Apply(Client client, long sequence, long at)
    {
        if (sequence > client.Last)
        {
            client.Applied.Add(new Applied(sequence, at));
            client.Last = sequence;
        }
        else
        {
            client.Dropped++;
        }
    }

    /// <summary>
    /// Lines "a K TIMESTAMP" (a connection applied its K-th event then), "m TIMESTAMP" (a connection of node A
    /// resumed on node B then), and one "check" line; the reference is the sequences most connections applied.
    /// </summary>
    private static string Report(Client[] clients, int failedToMove, string? firstError)
    {
        var output = new StringBuilder();
        var lists = clients.Select(c => { lock (c.Gate) { return c.Applied.ToArray(); } }).ToArray();
        var reference = lists.Select(l => string.Join(',', l.Select(a => a.Sequence)))
            .GroupBy(s => s, StringComparer.Ordinal).OrderByDescending(g => g.Count()).FirstOrDefault()?.Key ?? "";
        var expected = reference.Length == 0 ? [] : reference.Split(',').Select(s => long.Parse(s, CultureInfo.InvariantCulture)).ToHashSet();
        int withGap = 0, withRepeat = 0, withExtra = 0, outOfOrder = 0;
        for (var i = 0; i < clients.Length; i++)
        {
            var sequences = lists[i].Select(a => a.Sequence).ToArray();
            if (expected.Except(sequences).Any())
            {
                withGap++;
            }

            if (sequences.Distinct().Count() != sequences.Length)
            {
                withRepeat++;
            }

            if (sequences.Except(expected).Any())
            {
                withExtra++;
            }

            if (!sequences.SequenceEqual(sequences.Order()))
            {
                outOfOrder++;
            }

            for (var k = 0; k < lists[i].Length; k++)
            {
                output.Append(CultureInfo.InvariantCulture, $"a {k + 1} {lists[i][k].At}\n");
            }

            if (clients[i].Moved && clients[i].ResumedOnBAt != 0)
            {
                output.Append(CultureInfo.InvariantCulture, $"m {clients[i].ResumedOnBAt}\n");
            }
        }

        var moved = clients.Count(c => c.Moved);
        var dropped = clients.Sum(c => c.Dropped);
        var tooFarBehind = clients.Count(c => c.TooFarBehind);
        output.Append(CultureInfo.InvariantCulture,
            $"check {clients.Length} {moved} {failedToMove} {withGap} {withRepeat} {withExtra} {outOfOrder} {tooFarBehind} {dropped} {(reference.Length == 0 ? "-" : reference)} {firstError}\n");
        output.Append("done\n");
        return output.ToString();
    }
}
