using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;

namespace Portal.Tests.Hubs;

/// <summary>
/// A real SignalR .NET client on the status hub that keeps every <c>event</c> it receives as raw
/// JSON, so tests can assert on exactly what went over the wire.
/// </summary>
public sealed class HubTestClient : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private readonly Channel<JsonElement> _arrivals = Channel.CreateUnbounded<JsonElement>();
    private readonly List<JsonElement> _received = [];
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource<Exception?> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private HubTestClient(HubConnection connection)
    {
        Connection = connection;
        connection.On<JsonElement>("event", message =>
        {
            lock (_gate)
            {
                _received.Add(message);
            }

            _arrivals.Writer.TryWrite(message);
        });
        connection.Closed += error =>
        {
            _closed.TrySetResult(error);
            return Task.CompletedTask;
        };
    }

    public HubConnection Connection { get; }

    /// <summary>Every event received so far, in arrival order.</summary>
    public IReadOnlyList<JsonElement> Received
    {
        get
        {
            lock (_gate)
            {
                return [.. _received];
            }
        }
    }

    public string ReceivedJson => string.Join("\n", Received.Select(e => e.GetRawText()));

    public Task<Exception?> Closed => _closed.Task;

    public static HubConnection Build(Uri portal, string? apiKey = null, string query = "") =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(portal, "/hubs/status" + query), options =>
            {
                if (apiKey is not null)
                {
                    options.AccessTokenProvider = () => Task.FromResult<string?>(apiKey);
                }
            })
            .Build();

    public static async Task<HubTestClient> ConnectAsync(Uri portal, string? apiKey = null, string query = "")
    {
        var client = new HubTestClient(Build(portal, apiKey, query));
        using var timeout = new CancellationTokenSource(Patience);
        await client.Connection.StartAsync(timeout.Token);
        return client;
    }

    /// <summary>Starts <paramref name="connection"/> (built with whatever credentials a test needs, cookies say) and records its events.</summary>
    public static async Task<HubTestClient> ConnectAsync(HubConnection connection)
    {
        var client = new HubTestClient(connection);
        using var timeout = new CancellationTokenSource(Patience);
        await client.Connection.StartAsync(timeout.Token);
        return client;
    }

    /// <summary>Waits for the next event that matches, skipping the others (they stay in <see cref="Received"/>).</summary>
    public async Task<JsonElement> WaitForAsync(Func<JsonElement, bool> matches, string what)
    {
        using var timeout = new CancellationTokenSource(Patience);
        try
        {
            while (true)
            {
                var message = await _arrivals.Reader.ReadAsync(timeout.Token);
                if (matches(message))
                {
                    return message;
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No event {what} within {Patience.TotalSeconds} s. Received: {ReceivedJson}");
        }
    }

    public Task<JsonElement> WaitForSequenceAsync(long sequence) =>
        WaitForAsync(e => Sequence(e) >= sequence, $"up to sequence {sequence}");

    public static long Sequence(JsonElement message) => message.GetProperty("sequence").GetInt64();

    public static string Type(JsonElement message) => message.GetProperty("type").GetString()!;

    public async ValueTask DisposeAsync() => await Connection.DisposeAsync();
}
