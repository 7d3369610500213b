using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Portal.LoadTest;

/// <summary>
/// <c>--two-nodes</c>: starts scripts/two-nodes.sh (PostgreSQL, two portal nodes, nginx), splits N hub
/// connections across the two nodes, commits a public status change on node A and measures its delivery;
/// then kills node A, commits a change on node B while node A's connections move to node B and resume,
/// commits one more, and checks that every connection applied every change once, in order.
/// </summary>
internal static partial class TwoNodesRun
{
    private const string PublicSystem = "global-parts-logistics";

    public static async Task<int> RunAsync(LoadOptions options)
    {
        var repository = FindRepository();
        if (repository is null)
        {
            Console.Error.WriteLine("scripts/two-nodes.sh was not found above the current folder or the tool's; run the tool from the repository.");
            return 1;
        }

        var folder = Path.Combine(Path.GetTempPath(), "portal-load-two-nodes-" + Guid.NewGuid().ToString("N")[..8]);
        using var setup = StartSetup(repository, folder);
        try
        {
            return await MeasureAsync(options, setup, folder);
        }
        finally
        {
            // SIGTERM, so the script's trap stops the nodes, nginx and PostgreSQL.
            _ = Kill(setup.Id, 15);
            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            try
            {
                await setup.WaitForExitAsync(patience.Token);
            }
            catch (OperationCanceledException)
            {
                Console.Error.WriteLine($"scripts/two-nodes.sh did not stop within 90 s; see {folder}");
            }

            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // Left for the OS to clean.
            }
        }
    }

    private static async Task<int> MeasureAsync(LoadOptions options, Process setup, string folder)
    {
        var ready = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = Task.Run(async () =>
        {
            while (await setup.StandardOutput.ReadLineAsync() is { } line)
            {
                Console.WriteLine("  " + line);
                if (line.StartsWith("two-nodes: ready", StringComparison.Ordinal))
                {
                    ready.TrySetResult(true);
                }
            }

            ready.TrySetResult(false);
        });
        if (!await ready.Task.WaitAsync(TimeSpan.FromMinutes(20)))
        {
            Console.Error.WriteLine("scripts/two-nodes.sh ended before it was ready (see its output above).");
            return 1;
        }

        var setting = File.ReadAllLines(Path.Combine(folder, "two-nodes.env"))
            .Select(l => l.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        var nodeA = new Uri(setting["NODE_A_URL"]);
        var nodeB = new Uri(setting["NODE_B_URL"]);
        var nodeAPid = int.Parse(setting["NODE_A_PID"], CultureInfo.InvariantCulture);
        var nodeBPid = int.Parse(setting["NODE_B_PID"], CultureInfo.InvariantCulture);
        var key = await IssueKeyAsync(setting["PORTAL_APP"], setting["CONNECTION_STRING"], folder);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        var status = await CurrentStatusAsync(http, nodeA);

        // Warm both nodes' paths for a change, so the first figure is not JIT and connection pools.
        status = await ChangeAsync(http, nodeA, status, "Warm-up on node A");
        status = await ChangeAsync(http, nodeB, status, "Warm-up on node B");

        using var clients = StartClients(nodeA, nodeB, options);
        var opening = Stopwatch.StartNew();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"node a {nodeA}, node b {nodeB}; opening {options.Connections} hub connections, every other one on node a ..."));
        var readyLine = (await clients.StandardOutput.ReadLineAsync())?.Split(' ', 5) ?? [];
        if (readyLine is not ["ready", var openText, var failedText, var startText, ..])
        {
            Console.Error.WriteLine("The client process ended before it was ready.");
            return 1;
        }

        var open = int.Parse(openText, CultureInfo.InvariantCulture);
        var failed = int.Parse(failedText, CultureInfo.InvariantCulture);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{open} open, {failed} failed in {opening.Elapsed.TotalSeconds:F1} s, all current at sequence {startText}{(failed > 0 ? $" (first error: {readyLine[4]})" : "")}; node a {ResidentMegabytes(nodeAPid)}, node b {ResidentMegabytes(nodeBPid)} resident"));

        async Task<int> WaitAsync(int count)
        {
            await clients.StandardInput.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"wait {count} {options.WaitSeconds}"));
            await clients.StandardInput.FlushAsync();
            var answer = (await clients.StandardOutput.ReadLineAsync())?.Split(' ') ?? [];
            return answer is ["waited", var reached] ? int.Parse(reached, CultureInfo.InvariantCulture) : -1;
        }

        var changeAt = new long[3];
        changeAt[0] = Stopwatch.GetTimestamp();
        status = await ChangeAsync(http, nodeA, status, "Load test: committed on node A");
        var reached = await WaitAsync(1);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"change 1 committed on node a; {reached} of {open} connections applied it"));

        var killedAt = Stopwatch.GetTimestamp();
        using (var victim = Process.GetProcessById(nodeAPid))
        {
            victim.Kill();
        }

        changeAt[1] = Stopwatch.GetTimestamp();
        status = await ChangeAsync(http, nodeB, status, "Load test: committed on node B while node A's clients move");
        var afterKill = Clock.Milliseconds(killedAt, Stopwatch.GetTimestamp());
        reached = await WaitAsync(2);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"node a killed; change 2 committed on node b {afterKill:F0} ms later; {reached} of {open} connections applied it"));

        changeAt[2] = Stopwatch.GetTimestamp();
        await ChangeAsync(http, nodeB, status, "Load test: committed on node B after the move");
        reached = await WaitAsync(3);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"change 3 committed on node b; {reached} of {open} connections applied it"));
        var nodeBResident = ResidentMegabytes(nodeBPid);

        await clients.StandardInput.WriteLineAsync("report");
        await clients.StandardInput.FlushAsync();
        var applied = new List<long>[3] { [], [], [] };
        var resumedAt = new List<long>();
        string[] check = [];
        while (await clients.StandardOutput.ReadLineAsync() is { } line && line != "done")
        {
            var parts = line.Split(' ', 13);
            switch (parts)
            {
                case ["a", var k, var at] when int.Parse(k, CultureInfo.InvariantCulture) is >= 1 and <= 3:
                    applied[int.Parse(k, CultureInfo.InvariantCulture) - 1].Add(long.Parse(at, CultureInfo.InvariantCulture));
                    break;
                case ["m", var at]:
                    resumedAt.Add(long.Parse(at, CultureInfo.InvariantCulture));
                    break;
                case ["check", ..]:
                    check = parts;
                    break;
            }
        }

        await clients.WaitForExitAsync();

        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Environment.ProcessorCount} cores, {TimeProvider.System.GetUtcNow():yyyy-MM-dd HH:mm} UTC, load average {LoadRun.LoadAverage()}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"two nodes on PostgreSQL, connections {options.Connections}, connected {open} (half on each node); node b {nodeBResident} resident at the end"));
        Console.WriteLine("change                                   applied/expected      p50 ms     p99 ms     max ms");
        Report("1: on node a, both nodes up", applied[0], changeAt[0], open);
        Report("2: on node b, node a just killed", applied[1], changeAt[1], open);
        Report("3: on node b, after the move", applied[2], changeAt[2], open);
        Report("node a's clients resumed on node b", resumedAt, killedAt, open / 2, "resumed/moved  ");
        if (check is ["check", var total, var moved, var failedToMove, var gaps, var repeats, var extras, var disorder, var tooFar, var dropped, var reference, ..])
        {
            var ok = gaps == "0" && repeats == "0" && extras == "0" && disorder == "0" && tooFar == "0" && failedToMove == "0" && applied.All(a => a.Count == open);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"sequences applied by every connection: {reference}; of {total} connections {moved} moved from node a to node b ({failedToMove} could not), {gaps} with a gap, {repeats} with a repeat, {extras} with an extra event, {disorder} out of order, {tooFar} told too far behind; {dropped} deliveries dropped by the sequence > last rule (an event met live and in a resume)"));
            Console.WriteLine(ok ? "CHECK PASSED: every connection applied every change once, in order" : "CHECK FAILED");
            return ok ? 0 : 1;
        }

        Console.Error.WriteLine("The client process did not report its checks.");
        return 1;
    }

    private static void Report(string what, List<long> at, long from, int expected, string? label = null)
    {
        var latencies = at.Select(t => Clock.Milliseconds(from, t)).Order().ToArray();
        double Percentile(double p) => latencies.Length == 0 ? double.NaN : latencies[Math.Min(latencies.Length - 1, (int)Math.Ceiling(p * latencies.Length) - 1)];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{what,-40} {$"{latencies.Length}/{expected}",17} {Percentile(0.50),11:F1} {Percentile(0.99),10:F1} {(latencies.Length == 0 ? double.NaN : latencies[^1]),10:F1}{(label is null ? "" : "   (from the kill)")}"));
    }

    private static string ResidentMegabytes(int pid)
    {
        var path = $"/proc/{pid}/status";
        var line = File.Exists(path) ? File.ReadLines(path).FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal)) : null;
        return line is null ? "unknown" : string.Create(CultureInfo.InvariantCulture,
            $"{long.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024.0:F0} MB");
    }

    private static async Task<string> CurrentStatusAsync(HttpClient http, Uri node)
    {
        var system = await http.GetFromJsonAsync<JsonElement>(new Uri(node, $"/api/v1/systems/{PublicSystem}"));
        return system.GetProperty("status").GetString()!;
    }

    /// <summary>Changes the public system's status through node's API (so the commit is that node's) and returns the new status.</summary>
    private static async Task<string> ChangeAsync(HttpClient http, Uri node, string current, string reason)
    {
        var next = current == "degraded" ? "workaround" : "degraded";
        using var request = new HttpRequestMessage(HttpMethod.Patch, new Uri(node, $"/api/v1/systems/{PublicSystem}"))
        {
            Content = JsonContent.Create(new { status = next, reason, workaround = next == "workaround" ? "Use the fallback" : null }),
        };
        using var response = await http.SendAsync(request);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{node} answered the change with {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        return next;
    }

    /// <summary>A key that may read and change statuses, issued with the portal's own command line on the shared database.</summary>
    private static async Task<string> IssueKeyAsync(string app, string connection, string folder)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { app, "admin", "api-keys", "create", "--name", "Load test " + Guid.NewGuid().ToString("N")[..6], "--scope", "read", "--scope", "status:write" })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Portal__Database__Provider"] = "PostgreSQL";
        start.Environment["ConnectionStrings__Portal"] = connection;
        start.Environment["Portal__DataFolder"] = Path.Combine(folder, "command-line");
        using var process = Process.Start(start) ?? throw new InvalidOperationException("The portal's command line did not start.");
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (process.ExitCode != 0 || lines.Length == 0)
        {
            throw new InvalidOperationException($"admin api-keys create failed ({process.ExitCode}): {output}");
        }

        return lines[^1];
    }

    private static Process StartSetup(string repository, string folder)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, UseShellExecute = false, WorkingDirectory = repository };
        start.ArgumentList.Add(Path.Combine(repository, "scripts", "two-nodes.sh"));
        start.Environment["TWO_NODES_DIR"] = folder;
        return Process.Start(start) ?? throw new InvalidOperationException("scripts/two-nodes.sh did not start.");
    }

    private static Process StartClients(Uri nodeA, Uri nodeB, LoadOptions options)
    {
        var host = Environment.ProcessPath!;
        var start = new ProcessStartInfo(host) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            start.ArgumentList.Add(typeof(TwoNodesRun).Assembly.Location);
        }

        foreach (var argument in new[] { "--clients-only", "--url", nodeA.ToString(), "--url-b", nodeB.ToString(), "--count", options.Connections.ToString(CultureInfo.InvariantCulture), "--concurrency", options.Concurrency.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("The client process did not start.");
    }

    private static string? FindRepository()
    {
        foreach (var origin in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var folder = new DirectoryInfo(origin); folder is not null; folder = folder.Parent)
            {
                if (File.Exists(Path.Combine(folder.FullName, "scripts", "two-nodes.sh")))
                {
                    return folder.FullName;
                }
            }
        }

        return null;
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
