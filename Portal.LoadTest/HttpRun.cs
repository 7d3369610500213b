using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace Portal.LoadTest;

/// <summary>
/// <c>--http</c>: anonymous read throughput of the portal against a bare Kestrel app that answers the
/// same bytes (body, headers, compression, captured from the portal), both in this process on free
/// 127.0.0.1 ports and driven in turn by <c>wrk</c> with N keep-alive connections. Rounds alternate
/// between the two; the median of each is reported with their ratio, and the CPU time this process
/// spent per request (the idle server costs next to nothing while the other is driven).
/// </summary>
internal static partial class HttpRun
{
    /// <summary>What a crowd's browsers and a monitoring script ask for: Brotli, and a revalidation with the ETag they hold.</summary>
    private static readonly ReadRequest[] Requests =
    [
        new("GET / (board)", "/", Conditional: false),
        new("GET /api/v2/summary.json", "/api/v2/summary.json", Conditional: false),
        new("GET /api/v2/summary.json, If-None-Match (304)", "/api/v2/summary.json", Conditional: true),
    ];

    public static async Task<int> RunAsync(LoadOptions options)
    {
        var wrk = FindWrk();
        if (wrk is null)
        {
            Console.Error.WriteLine("--http drives the servers with wrk, which is not installed: run scripts/load-http.sh (it installs wrk with apt-get) or `apt-get install wrk`.");
            return 3;
        }

        await using var portal = new LoadPortal();
        var portalUrl = portal.StartOnLoopback();

        var answers = new List<CapturedAnswer>();
        using (var client = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None }))
        {
            foreach (var request in Requests)
            {
                var etag = request.Conditional ? answers.Single(a => a.Path == request.Path && !a.Conditional).ETag : null;

                // The second answer is the one the cache serves; the first was rendered for it.
                await CapturedAnswer.FetchAsync(client, portalUrl, request, etag);
                answers.Add(await CapturedAnswer.FetchAsync(client, portalUrl, request, etag));
            }
        }

        await using var reference = await ReferenceServer.StartAsync(answers);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"portal on {portalUrl}, reference on {reference.Url}; wrk {options.Threads} thread(s), {options.Connections} connections, {options.Seconds} s a round, {options.Rounds} rounds each, alternated"));
        foreach (var answer in answers)
        {
            Console.WriteLine($"  {answer.Describe()}");
        }

        Console.WriteLine();
        var results = new List<(ReadRequest Request, Rounds Portal, Rounds Reference)>();
        foreach (var request in Requests)
        {
            var answer = answers.Single(a => a.Path == request.Path && a.Conditional == request.Conditional);
            var headers = new List<string> { "Accept-Encoding: br" };
            if (answer.Conditional)
            {
                headers.Add($"If-None-Match: {answer.SentETag}");
            }

            var portalRounds = new Rounds();
            var referenceRounds = new Rounds();

            // Warm both (JIT, connection set-up, the cache entry) before anything counts.
            await DriveAsync(wrk, new Uri(portalUrl, request.Path), headers, options with { Seconds = 2 });
            await DriveAsync(wrk, new Uri(reference.Url, request.Path), headers, options with { Seconds = 2 });
            for (var round = 0; round < options.Rounds; round++)
            {
                // Alternate which goes first, so neither always follows the other's garbage collection.
                var order = round % 2 == 0 ? new[] { true, false } : [false, true];
                foreach (var isPortal in order)
                {
                    var (url, rounds) = isPortal ? (new Uri(portalUrl, request.Path), portalRounds) : (new Uri(reference.Url, request.Path), referenceRounds);
                    rounds.Add(await DriveAsync(wrk, url, headers, options));
                }
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{request.Name}: portal {portalRounds.Describe()}; reference {referenceRounds.Describe()}"));
            results.Add((request, portalRounds, referenceRounds));
        }

        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Environment.ProcessorCount} cores, {TimeProvider.System.GetUtcNow():yyyy-MM-dd HH:mm} UTC, load average {LoadRun.LoadAverage()}"));
        Console.WriteLine("request                                          portal req/s  reference req/s   ratio   CPU ms/req portal  reference  errors");
        foreach (var (request, portalRounds, referenceRounds) in results)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{request.Name,-48} {portalRounds.MedianRate,12:F0} {referenceRounds.MedianRate,16:F0} {portalRounds.MedianRate / referenceRounds.MedianRate,7:F3}× {portalRounds.CpuPerRequest,18:F3} {referenceRounds.CpuPerRequest,10:F3} {portalRounds.Errors + referenceRounds.Errors,7}"));
        }

        return results.All(r => r.Portal.Errors == 0 && r.Reference.Errors == 0) ? 0 : 1;
    }

    /// <summary>One wrk run against one server, with this process's CPU time over it.</summary>
    private static async Task<Round> DriveAsync(string wrk, Uri url, IEnumerable<string> headers, LoadOptions options)
    {
        var start = new ProcessStartInfo(wrk) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[]
                 {
                     "-t", options.Threads.ToString(CultureInfo.InvariantCulture),
                     "-c", options.Connections.ToString(CultureInfo.InvariantCulture),
                     "-d", options.Seconds.ToString(CultureInfo.InvariantCulture) + "s",
                     "--timeout", "10s",
                 })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var header in headers)
        {
            start.ArgumentList.Add("-H");
            start.ArgumentList.Add(header);
        }

        start.ArgumentList.Add(url.ToString());
        using var self = Process.GetCurrentProcess();
        var cpuBefore = self.TotalProcessorTime;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("wrk did not start.");
        var output = await process.StandardOutput.ReadToEndAsync();
        var errorOutput = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        self.Refresh();
        var cpu = self.TotalProcessorTime - cpuBefore;
        var total = TotalPattern().Match(output);
        var rate = RatePattern().Match(output);
        if (process.ExitCode != 0 || !total.Success || !rate.Success)
        {
            throw new InvalidOperationException($"wrk failed (exit {process.ExitCode}): {output}{errorOutput}");
        }

        var requests = long.Parse(total.Groups[1].Value, CultureInfo.InvariantCulture);
        var failures = NonSuccessPattern().Match(output) is { Success: true } nonSuccess ? long.Parse(nonSuccess.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        foreach (Match socketError in SocketErrorPattern().Matches(output))
        {
            failures += long.Parse(socketError.Groups[1].Value, CultureInfo.InvariantCulture);
        }

        return new Round(double.Parse(rate.Groups[1].Value, CultureInfo.InvariantCulture), requests, cpu, failures);
    }

    private static string? FindWrk() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
        .Select(folder => Path.Combine(folder, "wrk"))
        .FirstOrDefault(File.Exists);

    [GeneratedRegex(@"(\d+) requests in")]
    private static partial Regex TotalPattern();

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RatePattern();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)")]
    private static partial Regex NonSuccessPattern();

    [GeneratedRegex(@"(?:connect|read|write|timeout) (\d+)")]
    private static partial Regex SocketErrorPattern();

    private sealed record Round(double Rate, long Requests, TimeSpan Cpu, long Errors);

    private sealed class Rounds
    {
        private readonly List<Round> _rounds = [];

        public void Add(Round round) => _rounds.Add(round);

        public double MedianRate => _rounds.Select(r => r.Rate).Order().ElementAt(_rounds.Count / 2);

        /// <summary>Milliseconds of this process's CPU time per request, over every round.</summary>
        public double CpuPerRequest => _rounds.Sum(r => r.Cpu.TotalMilliseconds) / Math.Max(1, _rounds.Sum(r => r.Requests));

        public long Errors => _rounds.Sum(r => r.Errors);

        public string Describe() => string.Join(", ", _rounds.Select(r => r.Rate.ToString("F0", CultureInfo.InvariantCulture))) + " req/s";
    }
}

/// <summary>One of the anonymous reads measured.</summary>
/// <param name="Conditional">True to send the ETag of the unconditional answer as <c>If-None-Match</c>.</param>
internal sealed record ReadRequest(string Name, string Path, bool Conditional);
