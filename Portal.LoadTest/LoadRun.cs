using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Features.Statements;
using Portal.Core.Features.Systems;
using Portal.Core.Persistence;
using Portal.Web.PublicReads;

namespace Portal.LoadTest;

/// <summary>The server side: start the portal, start the clients, commit two changes, report.</summary>
internal static class LoadRun
{
    /// <summary>The public system whose status the measured change moves.</summary>
    public const string PublicSystem = "global-parts-logistics";

    private static readonly Actor Operator = new("load-operator@example.com", "127.0.0.1", new HashSet<string> { PortalRoles.Operator });
    public static readonly Actor Publisher = new("load-publisher@example.com", "127.0.0.1", new HashSet<string> { PortalRoles.Publisher });
    private static readonly Actor Approver = new("load-approver@example.com", "127.0.0.1", new HashSet<string> { PortalRoles.Approver });

    public static async Task<int> RunAsync(LoadOptions options)
    {
        await using var portal = new LoadPortal();
        var url = portal.StartOnLoopback();
        var services = portal.Services;

        // Warm the paths the measured changes take, so the first figure is not JIT and SQLite start-up.
        await ChangeStatusAsync(services, "Warm-up");
        await PublishStatementAsync(services, "Warm-up", prepareOnly: false);

        var what = options.Pages ? "live board pages (anonymous: static HTML and a hub connection each)" : "hub connections";
        var opening = Stopwatch.StartNew();
        using var clients = StartClients(url, options);

        // The child opens one connection (or page) and says "warm"; the idle baseline is taken
        // then, so code and caches every connection shares are not charged to the N measured.
        if (await clients.StandardOutput.ReadLineAsync() != "warm")
        {
            Console.Error.WriteLine("The client process ended before its warm-up connection opened.");
            return 1;
        }

        var baselineFigures = SettledMemoryInDetail();
        var (baseline, baselineHeap) = (baselineFigures.WorkingSet, baselineFigures.Heap);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"portal on {url}; idle working set {baseline / 1024.0 / 1024.0:F1} MB (one warm-up connection open); opening {options.Connections} {what} ..."));
        await clients.StandardInput.WriteLineAsync("go");
        await clients.StandardInput.FlushAsync();
        opening.Restart();

        // Half way the child waits while the server weighs itself: what the second half adds is what a
        // connection costs by itself, without the fixed costs the first ones bring (pools, code, threads).
        if ((await clients.StandardOutput.ReadLineAsync())?.Split(' ') is not ["half", var halfText])
        {
            Console.Error.WriteLine("The client process ended before half its connections opened.");
            return 1;
        }

        var halfOpen = int.Parse(halfText, CultureInfo.InvariantCulture);
        var halfFigures = SettledMemoryInDetail();
        await clients.StandardInput.WriteLineAsync("go");
        await clients.StandardInput.FlushAsync();
        var ready = (await clients.StandardOutput.ReadLineAsync())?.Split(' ', 4) ?? [];
        if (ready is not ["ready", var openText, var failedText, ..])
        {
            Console.Error.WriteLine("The client process ended before it was ready.");
            return 1;
        }

        var open = int.Parse(openText, CultureInfo.InvariantCulture);
        var failed = int.Parse(failedText, CultureInfo.InvariantCulture);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{open} open, {failed} failed in {opening.Elapsed.TotalSeconds:F1} s{(failed > 0 ? $" (first error: {ready[3]})" : "")}"));

        var loadedFigures = SettledMemoryInDetail();
        var (loaded, loadedHeap) = (loadedFigures.WorkingSet, loadedFigures.Heap);
        var perConnection = open > 0 ? (loaded - baseline) / 1024.0 / open : 0;
        var heapPerConnection = open > 0 ? (loadedHeap - baselineHeap) / 1024.0 / open : 0;
        var unit = options.Pages ? "page" : "connection";
        var memory = string.Create(CultureInfo.InvariantCulture,
            $"server memory {perConnection:F1} KB per {unit} ({(loaded - baseline) / 1024.0 / 1024.0:F1} MB over idle), of which managed heap {heapPerConnection:F1} KB\n  per {unit}: {loadedFigures.PerItem(baselineFigures, open)}\n  per {unit} of the second half ({open - halfOpen}, opened after {halfOpen}): {loadedFigures.PerItem(halfFigures, open - halfOpen)}");
        if (options.Pages)
        {
            // One public change with every page open: the renders it causes (the output cache should
            // let one through per audience set), the server's CPU time, and when the last page shows it.
            // A statement is drafted, submitted and approved first, so what is measured is its publication.
            int? pagesStatementId = options.StatementChange ? await PublishStatementAsync(services, "Load test", prepareOnly: true) : null;
            var state = services.GetRequiredService<PublicReadState>();
            using var self = Process.GetCurrentProcess();
            var rendersBefore = state.Renders;
            var cpuBefore = self.TotalProcessorTime;
            // The pages go on working after they report open (layout, scripts, the hub's first messages); the
            // change waits until the machine is idle again, so the figure is the change's, not the opening's.
            var (settleSeconds, busy) = await MachineIdleAsync(TimeSpan.FromSeconds(120));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"machine idle {settleSeconds:F0} s after the pages opened (CPU {busy:P0} busy over the last 2 s); load average {LoadAverage()}"));

            // The pages report their own clock (the same machine's), so this is taken as Unix milliseconds too.
            var changedAt = (TimeProvider.System.GetUtcNow() - DateTimeOffset.UnixEpoch).TotalMilliseconds;
            if (pagesStatementId is { } id)
            {
                await services.GetRequiredService<PublishStatement>().HandleAsync(new PublishStatementRequest(id), Publisher);
            }
            else
            {
                await ChangeStatusAsync(services, "Load test");
            }

            await clients.StandardInput.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"finish {open} {options.WaitSeconds}"));
            await clients.StandardInput.FlushAsync();
            var heardAfter = new List<double>();
            var shownAfter = new List<double>();
            var drawn = new List<double>();
            var currentAfter = new List<double>();
            var tabsOpen = 0;
            while (await clients.StandardOutput.ReadLineAsync() is { } line && line != "done")
            {
                if (line.Split(' ') is ["page", var kind, var heardText, var shownText, var currentText])
                {
                    var (heardAt, shownAt, currentAt) = (double.Parse(heardText, CultureInfo.InvariantCulture),
                        double.Parse(shownText, CultureInfo.InvariantCulture), double.Parse(currentText, CultureInfo.InvariantCulture));
                    AddAfter(heardAfter, heardAt, changedAt);
                    AddAfter(shownAfter, shownAt, changedAt);
                    AddAfter(currentAfter, currentAt, changedAt);
                    tabsOpen += kind == "b" ? 1 : 0;
                    if (kind == "b" && heardAt > 0 && shownAt > 0)
                    {
                        drawn.Add(shownAt - heardAt);
                    }
                }
            }

            self.Refresh();
            var cpu = self.TotalProcessorTime - cpuBefore;
            var renders = state.Renders - rendersBefore;
            await clients.WaitForExitAsync();
            Console.WriteLine();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{Environment.ProcessorCount} cores, {TimeProvider.System.GetUtcNow():yyyy-MM-dd HH:mm} UTC, load average {LoadAverage()}"));
            var browserPages = options.BrowserPages ?? options.Connections;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"pages {options.Connections}, tabs in {(browserPages + BoardPages.PagesPerBrowser) / BoardPages.PagesPerBrowser} Chromium processes, live {open}, {memory}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"one public {(options.StatementChange ? "statement published" : "status change")}: {renders} renders, server CPU {cpu.TotalSeconds:F2} s from the commit until the pages reported (including their wait)"));
            Console.WriteLine(browserPages == options.Connections
                ? "every page is a Chromium tab"
                : string.Create(CultureInfo.InvariantCulture,
                    $"{browserPages} pages are Chromium tabs, the other {options.Connections - browserPages} make a page's requests without a browser (WirePage); open {open}, of which {tabsOpen} tabs"));
            Console.WriteLine("after the commit              pages/expected      p50 ms     p99 ms     max ms");
            Report("event heard", heardAfter, open);
            Report(options.StatementChange ? "statement shown (tabs)" : "status shown (tabs)", shownAfter, tabsOpen);
            Report("drawn after heard (tabs)", drawn, tabsOpen);
            Report("page caught up", currentAfter, open);
            return 0;
        }

        var statusAt = Stopwatch.GetTimestamp();
        await ChangeStatusAsync(services, "Load test");

        // The statement is measured on a quiet hub: published while the status change is still
        // being fanned out, its latency would mostly be the wait behind that fan-out.
        await Task.Delay(TimeSpan.FromSeconds(5));
        var statementId = await PublishStatementAsync(services, "Load test", prepareOnly: true);
        var statementAt = Stopwatch.GetTimestamp();
        await services.GetRequiredService<PublishStatement>().HandleAsync(new PublishStatementRequest(statementId), Publisher);

        await clients.StandardInput.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"finish {open * 2} {options.WaitSeconds}"));
        await clients.StandardInput.FlushAsync();
        var receipts = new Dictionary<string, List<long>>(StringComparer.Ordinal);
        while (await clients.StandardOutput.ReadLineAsync() is { } line && line != "done")
        {
            var parts = line.Split(' ');
            if (parts is ["r", var type, _, var at])
            {
                if (!receipts.TryGetValue(type, out var list))
                {
                    receipts[type] = list = [];
                }

                list.Add(long.Parse(at, CultureInfo.InvariantCulture));
            }
        }

        await clients.WaitForExitAsync();

        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Environment.ProcessorCount} cores, {TimeProvider.System.GetUtcNow():yyyy-MM-dd HH:mm} UTC, load average {LoadAverage()}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"connections {options.Connections}, connected {open}, {memory}"));
        Console.WriteLine("change                      received/expected      p50 ms     p99 ms     max ms");
        Report("status change", receipts.GetValueOrDefault(PortalEventTypes.SystemStatusChanged) ?? [], statusAt, open);
        Report("statement published", receipts.GetValueOrDefault(PortalEventTypes.StatementPublished) ?? [], statementAt, open);
        return 0;
    }

    private static void AddAfter(List<double> after, double at, double changedAt)
    {
        if (at > 0)
        {
            after.Add(at - changedAt);
        }
    }

    private static void Report(string change, List<long> receivedAt, long committedAt, int expected) =>
        Report(change, [.. receivedAt.Select(at => Clock.Milliseconds(committedAt, at))], expected);

    private static void Report(string change, List<double> milliseconds, int expected)
    {
        var latencies = milliseconds.Order().ToArray();
        double Percentile(double p) => latencies.Length == 0 ? double.NaN : latencies[Math.Min(latencies.Length - 1, (int)Math.Ceiling(p * latencies.Length) - 1)];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{change,-27} {$"{latencies.Length}/{expected}",17} {Percentile(0.50),11:F1} {Percentile(0.99),10:F1} {(latencies.Length == 0 ? double.NaN : latencies[^1]),10:F1}"));
    }

    /// <summary>
    /// Waits until the machine's CPUs were at most a quarter busy over two seconds (from /proc/stat), or
    /// <paramref name="limit"/> passed; says how long that took and how busy the last two seconds were.
    /// </summary>
    private static async Task<(double Seconds, double Busy)> MachineIdleAsync(TimeSpan limit)
    {
        static (long Busy, long Total) Ticks()
        {
            if (!File.Exists("/proc/stat"))
            {
                return (0, 0);
            }

            var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
                .Select(field => long.Parse(field, CultureInfo.InvariantCulture)).ToArray();
            var idle = fields[3] + fields[4]; // idle and iowait
            return (fields.Sum() - idle, fields.Sum());
        }

        var waiting = Stopwatch.StartNew();
        while (true)
        {
            var before = Ticks();
            await Task.Delay(TimeSpan.FromSeconds(2));
            var after = Ticks();
            var busy = after.Total > before.Total ? (double)(after.Busy - before.Busy) / (after.Total - before.Total) : 0;
            if (busy <= 0.25 || waiting.Elapsed >= limit)
            {
                return (waiting.Elapsed.TotalSeconds, busy);
            }
        }
    }

    public static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    /// <summary>
    /// The working set and the managed heap once every collectable object is gone and the collector has
    /// given back its free space, so they count what connections hold, with where the working set is:
    /// memory the GC has committed (live objects and what free space it still keeps), the anonymous,
    /// file-backed and shared resident memory (Linux), and the process's threads.
    /// </summary>
    public static SettledMemoryFigures SettledMemoryInDetail()
    {
        // Aggressive: the collector also gives back the free space it keeps for new objects, which after
        // a burst of requests (opening pages) is far more than anything the connections hold.
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        var status = File.Exists("/proc/self/status") ? File.ReadAllLines("/proc/self/status") : [];
        long Kilobytes(string field) => status.FirstOrDefault(l => l.StartsWith(field + ":", StringComparison.Ordinal)) is { } line
            ? long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024
            : 0;
        return new SettledMemoryFigures(self.WorkingSet64, GC.GetTotalMemory(forceFullCollection: false),
            GC.GetGCMemoryInfo(GCKind.Any).TotalCommittedBytes, Kilobytes("RssAnon"), Kilobytes("RssFile"), Kilobytes("RssShmem"), self.Threads.Count);
    }

    private static Process StartClients(Uri url, LoadOptions options)
    {
        // Under `dotnet run` this is the app host; started as `dotnet Portal.LoadTest.dll` it is dotnet itself.
        var host = Environment.ProcessPath!;
        var start = new ProcessStartInfo(host)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            start.ArgumentList.Add(typeof(LoadRun).Assembly.Location);
        }

        foreach (var argument in new[] { "--clients-only", "--url", url.ToString(), "--count", options.Connections.ToString(CultureInfo.InvariantCulture), "--concurrency", options.Concurrency.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        if (options.Pages)
        {
            start.ArgumentList.Add("--pages");
            start.ArgumentList.Add(options.Connections.ToString(CultureInfo.InvariantCulture));
            if (options.BrowserPages is { } browserPages)
            {
                start.ArgumentList.Add("--browser-pages");
                start.ArgumentList.Add(browserPages.ToString(CultureInfo.InvariantCulture));
            }

            if (options.StatementChange)
            {
                start.ArgumentList.Add("--change");
                start.ArgumentList.Add("statement");
            }
        }

        return Process.Start(start) ?? throw new InvalidOperationException("The client process did not start.");
    }

    public static async Task ChangeStatusAsync(IServiceProvider services, string reason)
    {
        await using (var db = await services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
        {
            var status = await db.EstateSystems.Where(s => s.Slug == PublicSystem).Select(s => s.Status).SingleAsync();
            var next = status == SystemStatus.Degraded ? SystemStatus.Workaround : SystemStatus.Degraded;
            await services.GetRequiredService<ChangeSystemStatus>().HandleAsync(
                new ChangeSystemStatusRequest(PublicSystem, next, reason, next == SystemStatus.Workaround ? "Use the fallback" : null),
                Operator);
        }
    }

    /// <summary>Drafts, submits and approves a public statement; publishes it too unless <paramref name="prepareOnly"/>.</summary>
    public static async Task<int> PublishStatementAsync(IServiceProvider services, string title, bool prepareOnly)
    {
        var draft = await services.GetRequiredService<SaveStatementDraft>().HandleAsync(
            new SaveStatementDraftRequest(null, title, $"{title}: parts logistics is being looked at.", [Audience.Public], null, []), Publisher);
        await services.GetRequiredService<SubmitStatement>().HandleAsync(new StatementActionRequest(draft.Id), Publisher);
        await services.GetRequiredService<ApproveStatement>().HandleAsync(new StatementActionRequest(draft.Id), Approver);
        if (!prepareOnly)
        {
            await services.GetRequiredService<PublishStatement>().HandleAsync(new PublishStatementRequest(draft.Id), Publisher);
        }

        return draft.Id;
    }
}

/// <summary>The process's memory after a full compacting collection.</summary>
internal sealed record SettledMemoryFigures(
    long WorkingSet, long Heap, long GcCommitted, long ResidentAnonymous, long ResidentFiles, long ResidentShared, int Threads)
{
    /// <summary>Each figure's growth from <paramref name="baseline"/>, per one of <paramref name="count"/>, in KB.</summary>
    public string PerItem(SettledMemoryFigures baseline, int count) => string.Create(CultureInfo.InvariantCulture,
        $"working set {Per(WorkingSet - baseline.WorkingSet, count):F1} KB = anonymous {Per(ResidentAnonymous - baseline.ResidentAnonymous, count):F1} KB (GC committed {Per(GcCommitted - baseline.GcCommitted, count):F1} KB, live managed objects {Per(Heap - baseline.Heap, count):F1} KB) + file-backed {Per(ResidentFiles - baseline.ResidentFiles, count):F1} KB + shared {Per(ResidentShared - baseline.ResidentShared, count):F1} KB; threads {baseline.Threads} → {Threads}");

    private static double Per(long bytes, int count) => count > 0 ? bytes / 1024.0 / count : 0;
}
