using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Domain;
using Portal.Core.Features.Statements;
using Portal.Core.Persistence;

namespace Portal.LoadTest;

/// <summary>
/// <c>--email</c>: N confirmed email subscriptions, one public statement published through Core's use
/// cases, and the time until an SMTP sink (the SmtpServer package, this tool in a child process on a
/// free 127.0.0.1 port, so it does not count in the portal's memory) has accepted a message for every
/// one, with the portal's memory sampled during the send.
/// </summary>
internal static class EmailRun
{
    private const int WarmUpSubscriptions = 200;

    public static async Task<int> RunAsync(LoadOptions options)
    {
        await using var sink = LoadChild.Start("--smtp-sink");
        if (await sink.ReadAsync() is not ["port", var port])
        {
            Console.Error.WriteLine("The SMTP sink did not say its port.");
            return 1;
        }

        var settings = new Dictionary<string, string>
        {
            ["Portal:Mail:SmtpHost"] = "127.0.0.1",
            ["Portal:Mail:SmtpPort"] = port,
            ["Portal:Mail:SmtpTls"] = "false",
        };
        if (options.SmtpConnections is { } connections)
        {
            settings["Portal:Subscriptions:SmtpConnections"] = connections.ToString(CultureInfo.InvariantCulture);
        }

        await using var portal = new LoadPortal(settings);
        var url = portal.StartOnLoopback();
        var services = portal.Services;
        var pool = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Portal.Core.Features.Subscriptions.SubscriptionOptions>>().Value.SmtpConnections;

        // Warm the whole path (fan-out, composing, SMTP) on the first subscriptions, so the figure is not JIT.
        var warmUp = Math.Min(WarmUpSubscriptions, options.Subscriptions);
        await SeedAsync(services, 0, warmUp);
        await LoadRun.PublishStatementAsync(services, "Warm-up", prepareOnly: false);
        await sink.SendAsync(string.Create(CultureInfo.InvariantCulture, $"expect {warmUp}"));
        if (await WaitForDoneAsync(sink, TimeSpan.FromMinutes(5), _ => { }) is null)
        {
            Console.Error.WriteLine("The warm-up mail did not all arrive.");
            return 1;
        }

        await sink.SendAsync("reset");
        while (await sink.ReadAsync() is not ["reset"])
        {
        }

        var seeding = Stopwatch.StartNew();
        await SeedAsync(services, warmUp, options.Subscriptions - warmUp);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"portal on {url}, SMTP sink (child process) on 127.0.0.1:{port}; {options.Subscriptions:N0} confirmed subscriptions ({options.Subscriptions - warmUp:N0} seeded in one transaction in {seeding.Elapsed.TotalSeconds:F1} s); {pool} SMTP connections"));

        var statementId = await LoadRun.PublishStatementAsync(services, "Load test", prepareOnly: true);
        var idle = LoadRun.SettledMemoryInDetail();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"settled before the send: working set {idle.WorkingSet / 1024.0 / 1024.0:F1} MB, managed heap {idle.Heap / 1024.0 / 1024.0:F1} MB; load average {LoadRun.LoadAverage()}"));

        await using var memory = new MemorySampler();
        using var self = Process.GetCurrentProcess();
        var cpuBefore = self.TotalProcessorTime;
        var publishedAt = Stopwatch.GetTimestamp();
        await services.GetRequiredService<PublishStatement>().HandleAsync(new PublishStatementRequest(statementId), LoadRun.Publisher);
        await sink.SendAsync(string.Create(CultureInfo.InvariantCulture, $"expect {options.Subscriptions}"));
        var lastShown = 0L;
        var done = await WaitForDoneAsync(sink, TimeSpan.FromSeconds(options.WaitSeconds), progress =>
        {
            if (progress is [_, var distinct, _, var at] && Clock.Milliseconds(lastShown, long.Parse(at, CultureInfo.InvariantCulture)) >= 10_000)
            {
                lastShown = long.Parse(at, CultureInfo.InvariantCulture);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {Clock.Milliseconds(publishedAt, lastShown) / 1000:F0} s: {int.Parse(distinct, CultureInfo.InvariantCulture):N0} accepted"));
            }
        });
        await memory.StopAsync();
        self.Refresh();
        var cpu = self.TotalProcessorTime - cpuBefore;
        if (done is not ["done", var distinctText, var totalText, var firstText, var lastText])
        {
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Not every message arrived within {options.WaitSeconds} s."));
            Console.WriteLine(memory.Describe());
            return 1;
        }

        var distinct = int.Parse(distinctText, CultureInfo.InvariantCulture);
        var total = int.Parse(totalText, CultureInfo.InvariantCulture);
        var first = Clock.Milliseconds(publishedAt, long.Parse(firstText, CultureInfo.InvariantCulture)) / 1000;
        var last = Clock.Milliseconds(publishedAt, long.Parse(lastText, CultureInfo.InvariantCulture)) / 1000;
        var after = LoadRun.SettledMemoryInDetail();

        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Environment.ProcessorCount} cores, {TimeProvider.System.GetUtcNow():yyyy-MM-dd HH:mm} UTC, load average {LoadRun.LoadAverage()}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{options.Subscriptions:N0} subscriptions, {pool} SMTP connections: last message accepted {last:F1} s after publishing ({distinct / last:F0} messages a second overall; first after {first:F2} s, {(distinct - 1) / (last - first):F0} a second from first to last)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"messages accepted {total:N0}, distinct Message-IDs {distinct:N0}, repeats {total - distinct:N0}; portal CPU {cpu.TotalSeconds:F0} s ({cpu.TotalMilliseconds / distinct:F2} ms a message)"));
        Console.WriteLine("portal memory during the send, " + memory.Describe());
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"settled after the send: working set {after.WorkingSet / 1024.0 / 1024.0:F1} MB, managed heap {after.Heap / 1024.0 / 1024.0:F1} MB"));
        return 0;
    }

    /// <summary>Confirmed (imported, Public) subscriptions, added through the DbContext in one transaction, 5,000 rows a save.</summary>
    private static async Task SeedAsync(IServiceProvider services, int from, int count)
    {
        var now = TimeProvider.System.GetUtcNow();
        await using var db = await services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        await using var transaction = await db.Database.BeginTransactionAsync();
        for (var i = 0; i < count; i += 5000)
        {
            db.EmailSubscriptions.AddRange(Enumerable.Range(from + i, Math.Min(5000, count - i))
                .Select(n => EmailSubscription.CreateImported(string.Create(CultureInfo.InvariantCulture, $"subscriber{n}@example.com"), [], now)));
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
        }

        await transaction.CommitAsync();
    }

    /// <summary>Reads the sink's lines until <c>done</c>; null when the time is up.</summary>
    private static async Task<string[]?> WaitForDoneAsync(LoadChild sink, TimeSpan limit, Action<string[]> progress)
    {
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            while (true)
            {
                var line = await sink.ReadAsync(timeout.Token);
                if (line is ["done", ..])
                {
                    return line;
                }

                progress(line);
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return null;
        }
    }
}
