using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Portal.Web.Hubs;

/// <summary>
/// A token bucket per connection for client → server calls: a snapshot reads the whole board, so one
/// client looping on it must not slow the portal for everyone else during a crisis.
/// </summary>
/// <remarks>
/// A refused call answers the client with an error and is counted in the
/// <c>portal.hub.calls.refused</c> metric (meter <see cref="MeterName"/>); the log gets one warning per
/// connection per minute at most, without a stack trace, so a flooding client cannot flood the log.
/// A connection refused more than <see cref="StatusHubOptions.RefusedCallsBeforeClose"/> times within a
/// minute is closed.
/// </remarks>
/// <remarks>
/// The bucket is made at a connection's first call and refills from the time elapsed when a call
/// arrives, so it costs nothing until then and never runs a timer: most connections (widgets,
/// dealer systems) only listen, and a timer each would tick thousands of times a second at scale.
/// </remarks>
internal sealed partial class HubCallRateLimit(
    IOptions<StatusHubOptions> options,
    TimeProvider clock,
    IMeterFactory meters,
    ILogger<HubCallRateLimit> logger) : IHubFilter
{
    public const string MeterName = "Portal.Hub";
    public const string RefusedCallsInstrument = "portal.hub.calls.refused";

    private static readonly object BucketKey = new();
    private static readonly object RefusedKey = new();

    private readonly Counter<long> _refused = meters.Create(MeterName).CreateCounter<long>(
        RefusedCallsInstrument, "{call}", "Hub calls refused because their connection exceeded the call rate limit.");

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        var limits = options.Value;
        var items = invocationContext.Context.Items;
        CallBucket bucket;
        lock (items)
        {
            if (!items.TryGetValue(BucketKey, out var value) || value is not CallBucket existing)
            {
                items[BucketKey] = existing = new CallBucket(limits.CallBurst, clock.GetTimestamp());
            }

            bucket = existing;
        }

        if (!bucket.TryTake(limits.CallBurst, limits.CallsPerSecond, clock))
        {
            Refuse(invocationContext, limits);
            throw new HubException(
                $"Too many calls on this connection: at most {limits.CallBurst} at once and {limits.CallsPerSecond} a second after that. Wait a second and try again.");
        }

        return await next(invocationContext);
    }

    private void Refuse(HubInvocationContext invocationContext, StatusHubOptions limits)
    {
        var connection = invocationContext.Context;
        RefusedCalls refusals;
        lock (connection.Items)
        {
            if (!connection.Items.TryGetValue(RefusedKey, out var value) || value is not RefusedCalls existing)
            {
                connection.Items[RefusedKey] = existing = new RefusedCalls(clock.GetTimestamp());
            }

            refusals = existing;
        }

        _refused.Add(1, new KeyValuePair<string, object?>("method", invocationContext.HubMethodName));
        var outcome = refusals.Record(limits.RefusedCallsBeforeClose, clock);
        if (outcome.Log)
        {
            LogRefused(connection.ConnectionId, outcome.Count, invocationContext.HubMethodName, limits.CallBurst, limits.CallsPerSecond);
        }

        if (outcome.Close)
        {
            LogClosing(connection.ConnectionId, limits.RefusedCallsBeforeClose);
            connection.Abort();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Refused {Count} hub calls on connection {ConnectionId} (latest {Method}): over the limit of {Burst} at once and {PerSecond} a second. Further refusals on it are logged at most once a minute")]
    private partial void LogRefused(string connectionId, int count, string method, int burst, int perSecond);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Closed hub connection {ConnectionId}: more than {Limit} calls refused within a minute")]
    private partial void LogClosing(string connectionId, int limit);
}
