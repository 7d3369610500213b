using System.Diagnostics;
using System.Globalization;
using Portal.Web.Hubs;

namespace Portal.LoadTest;

// One executable, two roles: the server side (default) and the hub clients (--clients-only),
// started as a child process so the clients' memory never counts in the server's figure.
// A named entry class, not top-level statements: Portal.Web's Program would otherwise clash.
internal static class LoadTestProgram
{
    public static async Task<int> Main(string[] args)
    {
        var options = LoadOptions.Parse(args);
        if (options is null)
        {
            Console.Error.WriteLine(
                "usage: Portal.LoadTest [--connections N | --pages N [--browser-pages N] [--change status|statement]] [--concurrency N] [--wait-seconds N]\n" +
                "       Portal.LoadTest --http [--connections N] [--seconds N] [--rounds N] [--threads N]\n" +
                "       Portal.LoadTest --transfer [--url URL of a running portal]\n" +
                "       Portal.LoadTest --email [--subscriptions N] [--smtp-connections N] [--wait-seconds N]\n" +
                "       Portal.LoadTest --webhooks [--endpoints N] [--events N] [--failing-percent N] [--outage-seconds N] [--wait-seconds N]\n" +
                "       Portal.LoadTest --two-nodes [--connections N] [--concurrency N] [--wait-seconds N]\n" +
                "       Portal.LoadTest --clients-only --url URL --count N [--concurrency N] [--pages N [--browser-pages N] [--change status|statement]]");
            return 2;
        }

        switch (options.Mode)
        {
            case LoadMode.SmtpSink:
                return await SmtpSinkProcess.RunAsync();
            case LoadMode.WebhookReceiver:
                return await WebhookReceiverProcess.RunAsync(options);
        }

        if (options.ClientsOnly)
        {
            return options.Pages ? await BoardPages.RunAsync(options)
                : options.UrlB is not null ? await FailoverClients.RunAsync(options)
                : await HubClients.RunAsync(options);
        }

        // Each process holds one socket per hub connection (plus the negotiation pool). At the
        // file descriptor limit the .NET runtime cannot open /proc/meminfo or load an assembly and
        // aborts with "Out of memory." (exit 134); the portal's connection ceiling now refuses
        // connections short of that, so the run would only count failures. Raise the soft limit
        // to the hard one for this process and its child (no system setting changes), then check.
        var limit = OpenFiles.RaiseToHardLimit();
        if (limit is { } soft && ConnectionCeiling.For(soft) < options.Connections + options.Concurrency)
        {
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{options.Connections} connections need about {options.Connections + options.Concurrency + ConnectionCeiling.Reserve} file descriptors in each process, but `ulimit -n` allows {soft} (the portal keeps {soft - ConnectionCeiling.For(soft)} for itself and refuses connections above {ConnectionCeiling.For(soft)}). " +
                $"Raise the hard limit (e.g. `ulimit -Hn {options.Connections * 2}` as root, or LimitNOFILE= in systemd) and run again."));
            return 3;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"open files limit {limit?.ToString(CultureInfo.InvariantCulture) ?? "unknown"}; vm.max_map_count {ReadTrimmed("/proc/sys/vm/max_map_count")}; load average {ReadTrimmed("/proc/loadavg")}"));
        return options.Mode switch
        {
            LoadMode.Http => await HttpRun.RunAsync(options),
            LoadMode.Transfer => await TransferRun.RunAsync(options.Url),
            LoadMode.Email => await EmailRun.RunAsync(options),
            LoadMode.Webhooks => await WebhookRun.RunAsync(options),
            LoadMode.TwoNodes => await TwoNodesRun.RunAsync(options),
            _ => await LoadRun.RunAsync(options),
        };
    }

    private static string ReadTrimmed(string path) => File.Exists(path) ? File.ReadAllText(path).Trim() : "unknown";
}

/// <summary>Marks the timestamps both processes use: monotonic and shared by processes on one Linux machine.</summary>
internal static class Clock
{
    public static double Milliseconds(long from, long to) => (to - from) * 1000.0 / Stopwatch.Frequency;
}
