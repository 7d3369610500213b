using System.Diagnostics;
using System.Globalization;

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
                "usage: Portal.LoadTest [--connections N] [--concurrency N] [--wait-seconds N]\n" +
                "       Portal.LoadTest --clients-only --url URL --count N [--concurrency N]");
            return 2;
        }

        if (options.ClientsOnly)
        {
            return await HubClients.RunAsync(options);
        }

        var limit = FileDescriptorLimit();
        if (limit is { } soft && options.Connections + 1000 > soft)
        {
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{options.Connections} connections need about {options.Connections + 1000} file descriptors per process, but `ulimit -n` is {soft}. Raise it (ulimit -n {options.Connections + 2000}) and run again."));
            return 3;
        }

        return await LoadRun.RunAsync(options);
    }

    private static long? FileDescriptorLimit()
    {
        // /proc/self/limits is the soft limit this process (and so its child) actually has.
        const string limits = "/proc/self/limits";
        if (!File.Exists(limits))
        {
            return null;
        }

        var line = File.ReadLines(limits).FirstOrDefault(l => l.StartsWith("Max open files", StringComparison.Ordinal));
        var parts = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts is { Length: > 3 } && long.TryParse(parts[3], CultureInfo.InvariantCulture, out var value) ? value : null;
    }
}

/// <summary>Marks the timestamps both processes use: monotonic and shared by processes on one Linux machine.</summary>
internal static class Clock
{
    public static double Milliseconds(long from, long to) => (to - from) * 1000.0 / Stopwatch.Frequency;
}
