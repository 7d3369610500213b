using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Portal.Web.Hubs;

/// <summary>
/// A token bucket per connection for client → server calls: a snapshot reads the whole board, so one
/// client looping on it must not slow the portal for everyone else during a crisis.
/// </summary>
/// <remarks>
/// The bucket is made at a connection's first call and refills from the time elapsed when a call
/// arrives, so it costs nothing until then and never runs a timer: most connections (widgets,
/// dealer systems) only listen, and a timer each would tick thousands of times a second at scale.
/// </remarks>
internal sealed class HubCallRateLimit(IOptions<StatusHubOptions> options, TimeProvider clock) : IHubFilter
{
    private static readonly object BucketKey = new();

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
            throw new HubException(
                $"Too many calls on this connection: at most {limits.CallBurst} at once and {limits.CallsPerSecond} a second after that. Wait a second and try again.");
        }

        return await next(invocationContext);
    }
}
