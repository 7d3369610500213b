using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Portal.LoadTest;

/// <summary>
/// <c>--webhook-receiver</c>, the child role of <c>--webhooks</c>: one Kestrel app on a free 127.0.0.1
/// port serving N endpoints at <c>/hooks/{i}</c>. Each request is verified as the Standard Webhooks
/// specification says (HMAC-SHA256 over <c>id.timestamp.body</c> with the endpoint's <c>whsec_</c>
/// secret, any <c>v1,</c> signature matching in constant time, timestamp within five minutes); every
/// tenth endpoint (or as asked) answers 503 until the outage ends. Standard input: <c>secret I WHSEC</c>,
/// <c>expect N</c>, <c>outage SECONDS</c>, <c>stats</c>. Standard output: <c>port P</c>,
/// <c>progress …</c> every five seconds, <c>done DELIVERED TIMESTAMP</c>, <c>stats …</c>.
/// </summary>
internal sealed class WebhookReceiverProcess
{
    private static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);
    private readonly Lock _gate = new();
    private readonly byte[]?[] _keys;
    private readonly HashSet<string>[] _delivered;
    private readonly int _failingEvery;
    private long _outageEnds;
    private int _expected = int.MaxValue;
    private int _distinct;
    private int _refusedDuringOutage;
    private int _invalid;
    private int _repeats;
    private long _healthyLast;
    private bool _told;

    private WebhookReceiverProcess(int count, int failingEvery)
    {
        _keys = new byte[]?[count];
        _delivered = Enumerable.Range(0, count).Select(_ => new HashSet<string>(StringComparer.Ordinal)).ToArray();
        _failingEvery = failingEvery;
    }

    public static async Task<int> RunAsync(LoadOptions options)
    {
        var receiver = new WebhookReceiverProcess(options.Endpoints, options.FailingPercent > 0 ? 100 / options.FailingPercent : int.MaxValue);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        await using var app = builder.Build();
        app.MapPost("/hooks/{index:int}", receiver.ReceiveAsync);
        await app.StartAsync();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"port {new Uri(app.Urls.Single()).Port}"));
        using var stop = new CancellationTokenSource();
        var progress = receiver.ReportProgressAsync(stop.Token);
        while (Console.ReadLine() is { } line)
        {
            switch (line.Split(' '))
            {
                case ["secret", var index, var secret]:
                    receiver._keys[int.Parse(index, CultureInfo.InvariantCulture)] = Convert.FromBase64String(secret["whsec_".Length..]);
                    break;
                case ["expect", var count]:
                    receiver.Expect(int.Parse(count, CultureInfo.InvariantCulture));
                    break;
                case ["outage", var seconds]:
                    lock (receiver._gate)
                    {
                        receiver._outageEnds = Stopwatch.GetTimestamp() + (long)(double.Parse(seconds, CultureInfo.InvariantCulture) * Stopwatch.Frequency);
                    }

                    break;
                case ["stats"]:
                    Console.WriteLine(receiver.Stats());
                    break;
            }
        }

        await stop.CancelAsync();
        await progress;
        await app.StopAsync();
        return 0;
    }

    private async Task<IResult> ReceiveAsync(int index, HttpContext context)
    {
        if (index < 0 || index >= _keys.Length || _keys[index] is not { } key)
        {
            return Results.NotFound();
        }

        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        var headers = context.Request.Headers;
        var id = headers["webhook-id"].ToString();
        if (!Verify(key, id, headers["webhook-timestamp"].ToString(), headers["webhook-signature"].ToString(), body.ToArray()))
        {
            lock (_gate)
            {
                _invalid++;
            }

            return Results.BadRequest();
        }

        var at = Stopwatch.GetTimestamp();
        string? done = null;
        lock (_gate)
        {
            if (index % _failingEvery == 0 && at < _outageEnds)
            {
                _refusedDuringOutage++;
                return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
            }

            if (!_delivered[index].Add(id))
            {
                _repeats++;
            }
            else
            {
                _distinct++;
                _healthyLast = index % _failingEvery != 0 ? at : _healthyLast;
                if (!_told && _distinct >= _expected)
                {
                    _told = true;
                    done = string.Create(CultureInfo.InvariantCulture, $"done {_distinct} {at}");
                }
            }
        }

        if (done is not null)
        {
            Console.WriteLine(done);
        }

        return Results.NoContent();
    }

    /// <summary>The Standard Webhooks check, from the specification: any v1 signature of <c>id.timestamp.body</c>, a timestamp within the tolerance.</summary>
    private static bool Verify(byte[] key, string id, string timestamp, string signatures, byte[] body)
    {
        if (id.Length == 0 || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || (DateTimeOffset.UtcNow - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > Tolerance)
        {
            return false;
        }

        var signed = Encoding.UTF8.GetBytes($"{id}.{timestamp}.").Concat(body).ToArray();
        var expected = Encoding.ASCII.GetBytes(Convert.ToBase64String(HMACSHA256.HashData(key, signed)));
        return signatures.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Where(s => s.StartsWith("v1,", StringComparison.Ordinal))
            .Any(s => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(s[3..]), expected));
    }

    private void Expect(int count)
    {
        string? done = null;
        lock (_gate)
        {
            _expected = count;
            if (!_told && _distinct >= _expected)
            {
                _told = true;
                done = string.Create(CultureInfo.InvariantCulture, $"done {_distinct} {Stopwatch.GetTimestamp()}");
            }
        }

        if (done is not null)
        {
            Console.WriteLine(done);
        }
    }

    /// <summary><c>stats DELIVERED REFUSED_DURING_OUTAGE INVALID REPEATS HEALTHY_LAST ENDPOINTS_WITH_FEWEST FEWEST</c>.</summary>
    private string Stats()
    {
        lock (_gate)
        {
            var fewest = _delivered.Min(d => d.Count);
            return string.Create(CultureInfo.InvariantCulture,
                $"stats {_distinct} {_refusedDuringOutage} {_invalid} {_repeats} {_healthyLast} {_delivered.Count(d => d.Count == fewest)} {fewest}");
        }
    }

    private async Task ReportProgressAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(5));
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                string line;
                lock (_gate)
                {
                    line = string.Create(CultureInfo.InvariantCulture,
                        $"progress {_distinct} {_refusedDuringOutage} {_invalid} {_repeats} {Stopwatch.GetTimestamp()}");
                }

                Console.WriteLine(line);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }
}
