using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Portal.Tests.Support;

/// <summary>One message as the receiver saw it.</summary>
/// <param name="MatchedSecrets">The indexes of the receiver's secrets whose signature is in the header.</param>
/// <param name="Problem">Why the message fails verification; null when it passes.</param>
public sealed record ReceivedWebhook(string Endpoint, string Id, long Timestamp, string Body, string ContentType,
    IReadOnlyList<int> MatchedSecrets, string? Problem)
{
    public bool IsValid => Problem is null;
}

/// <summary>What the receiver answers at one endpoint.</summary>
/// <param name="Hold">While not completed, the answer waits (a slow receiver).</param>
public sealed record WebhookAnswer(int Status, string? RetryAfter = null, TaskCompletionSource? Hold = null);

/// <summary>
/// A webhook receiver written from the Standard Webhooks specification, on a loopback Kestrel port:
/// each endpoint (<c>POST /{name}</c>) verifies the <c>webhook-id</c>, <c>webhook-timestamp</c> (within
/// five minutes of its clock) and <c>webhook-signature</c> headers against its secrets, records the
/// message, and answers as a test tells it (204 by default).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);
    private readonly WebApplication _app;
    private readonly TimeProvider _clock;
    private readonly Channel<ReceivedWebhook> _arrivals = Channel.CreateUnbounded<ReceivedWebhook>();

    private WebhookReceiver(WebApplication app, TimeProvider clock)
    {
        _app = app;
        _clock = clock;
    }

    public Uri BaseAddress { get; private set; } = null!;

    public ConcurrentQueue<ReceivedWebhook> Received { get; } = new();

    public ConcurrentDictionary<string, string[]> Secrets { get; } = new();

    public ConcurrentDictionary<string, WebhookAnswer> Answers { get; } = new();

    public static async Task<WebhookReceiver> StartAsync(TimeProvider clock)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app, clock);
        app.MapPost("/{name}", receiver.ReceiveAsync);
        await app.StartAsync();
        receiver.BaseAddress = new Uri(app.Urls.Single());
        return receiver;
    }

    public string Url(string name) => new Uri(BaseAddress, name).AbsoluteUri;

    public IReadOnlyList<ReceivedWebhook> At(string name) => [.. Received.Where(r => r.Endpoint == name)];

    /// <summary>The next message to arrive at any endpoint (up to 30 s of real time).</summary>
    public async Task<ReceivedWebhook> NextAsync() =>
        await _arrivals.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));

    /// <summary>Waits for messages until <paramref name="condition"/> holds over everything received.</summary>
    public async Task WaitForAsync(Func<IReadOnlyList<ReceivedWebhook>, bool> condition)
    {
        while (!condition([.. Received]))
        {
            await NextAsync();
        }
    }

    private async Task<IResult> ReceiveAsync(string name, HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var headers = context.Request.Headers;
        var received = Verify(name, headers["webhook-id"].ToString(), headers["webhook-timestamp"].ToString(),
            headers["webhook-signature"].ToString(), body, context.Request.ContentType ?? "");
        Received.Enqueue(received);
        _arrivals.Writer.TryWrite(received);

        var answer = Answers.GetValueOrDefault(name) ?? new WebhookAnswer(StatusCodes.Status204NoContent);
        if (answer.Hold is { } hold)
        {
            try
            {
                await hold.Task.WaitAsync(context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return Results.Empty;
            }
        }

        if (answer.RetryAfter is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = retryAfter;
        }

        return Results.StatusCode(answer.Status);
    }

    private ReceivedWebhook Verify(string name, string id, string timestampHeader, string signatureHeader, string body, string contentType)
    {
        string? problem = null;
        var matched = new List<int>();
        if (id.Length == 0 || timestampHeader.Length == 0 || signatureHeader.Length == 0)
        {
            problem = "A webhook-id, webhook-timestamp or webhook-signature header is missing.";
        }
        else if (!long.TryParse(timestampHeader, out var timestamp)
                 || (_clock.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(timestamp)).Duration() > Tolerance)
        {
            problem = "The timestamp is not within five minutes of now.";
        }
        else
        {
            var signedContent = Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}");
            var presented = signatureHeader.Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Select(s => s.Split(',', 2))
                .Where(parts => parts.Length == 2 && parts[0] == "v1")
                .Select(parts => Encoding.ASCII.GetBytes(parts[1]))
                .ToList();
            var secrets = Secrets.GetValueOrDefault(name) ?? [];
            for (var i = 0; i < secrets.Length; i++)
            {
                var key = Convert.FromBase64String(secrets[i].StartsWith("whsec_", StringComparison.Ordinal) ? secrets[i]["whsec_".Length..] : secrets[i]);
                var expected = Encoding.ASCII.GetBytes(Convert.ToBase64String(HMACSHA256.HashData(key, signedContent)));
                if (presented.Any(p => CryptographicOperations.FixedTimeEquals(p, expected)))
                {
                    matched.Add(i);
                }
            }

            if (matched.Count == 0)
            {
                problem = "No signature matches.";
            }
        }

        return new ReceivedWebhook(name, id, long.TryParse(timestampHeader, out var ts) ? ts : 0, body, contentType, matched, problem);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var answer in Answers.Values)
        {
            answer.Hold?.TrySetResult();
        }

        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
