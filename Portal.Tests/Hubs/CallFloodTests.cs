using System.Diagnostics.Metrics;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Portal.Tests.Support;
using Portal.Web.Hubs;

namespace Portal.Tests.Hubs;

/// <summary>
/// An anonymous client looping on a hub call cannot flood the log: refused calls are counted in a
/// metric, logged once a minute per connection as a warning without a stack trace, and a connection
/// that goes on is closed.
/// </summary>
public sealed class CallFloodTests : IAsyncLifetime
{
    private const int RefusalsBeforeClose = 60;

    private readonly PortalWebApp _app = new(new Dictionary<string, string?>
    {
        ["Portal:Hub:CallBurst"] = "5",
        ["Portal:Hub:CallsPerSecond"] = "1",
        ["Portal:Hub:RefusedCallsBeforeClose"] = RefusalsBeforeClose.ToString(System.Globalization.CultureInfo.InvariantCulture),
    });

    private Uri _address = null!;

    public Task InitializeAsync()
    {
        _address = _app.StartOnLoopback();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task RefusedSnapshotsAreCountedLoggedOnceWithoutStackTraceAndTheConnectionIsClosed()
    {
        long refusedMeasured = 0;
        var meters = _app.Services.GetRequiredService<IMeterFactory>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Scope == meters && instrument.Name == HubCallRateLimit.RefusedCallsInstrument)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref refusedMeasured, value));
        listener.Start();
        await using var flooder = await HubTestClient.ConnectAsync(_address);

        var calls = Enumerable.Range(0, 400).Select(_ => CallAsync(flooder.Connection)).ToList();
        var outcomes = await Task.WhenAll(calls);
        await flooder.Closed.WaitAsync(HubTestClient.Patience);

        Assert.Contains(outcomes, o => o == "refused");
        Assert.Equal(HubConnectionState.Disconnected, flooder.Connection.State);
        Assert.True(Interlocked.Read(ref refusedMeasured) > RefusalsBeforeClose, $"{refusedMeasured} refusals measured");
        var entries = _app.Log.Entries;
        var refusedWarnings = entries.Where(e => e.Message.Contains("Refused", StringComparison.Ordinal) && e.Message.Contains("hub calls", StringComparison.Ordinal)).ToList();
        var warning = Assert.Single(refusedWarnings);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Null(warning.Exception);
        Assert.Single(entries, e => e.Message.Contains("Closed hub connection", StringComparison.Ordinal));
        Assert.DoesNotContain(entries, e => e.Level >= LogLevel.Error);
        Assert.DoesNotContain(entries, e => e.Exception is not null || e.Message.Contains("Too many calls", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AConnectionWithinTheLimitStaysOpen()
    {
        await using var client = await HubTestClient.ConnectAsync(_address);

        for (var call = 0; call < 5; call++)
        {
            Assert.Equal("answered", await CallAsync(client.Connection));
        }

        Assert.Equal(HubConnectionState.Connected, client.Connection.State);
        Assert.DoesNotContain(_app.Log.Entries, e => e.Message.Contains("Refused", StringComparison.Ordinal));
    }

    private static async Task<string> CallAsync(HubConnection connection)
    {
        try
        {
            await connection.InvokeAsync<JsonElement>("GetSnapshot");
            return "answered";
        }
        catch (HubException problem) when (problem.Message.Contains("Too many calls", StringComparison.Ordinal))
        {
            return "refused";
        }
        catch (Exception problem) when (problem is not HubException)
        {
            // Calls still on their way when the server closed the connection.
            return "closed";
        }
    }
}
