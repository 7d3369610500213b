using System.Threading.RateLimiting;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Portal.Web.Hubs;

/// <summary>
/// A token bucket per connection for client → server calls: a snapshot reads the whole board, so one
/// client looping on it must not slow the portal for everyone else during a crisis.
/// </summary>
internal sealed class HubCallRateLimit(IOptions<StatusHubOptions> options) : IHubFilter
{
    private static readonly object LimiterKey = new();

    public Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        var limits = options.Value;
        context.Context.Items[LimiterKey] = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = limits.CallBurst,
            TokensPerPeriod = limits.CallsPerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
        return next(context);
    }

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        if (invocationContext.Context.Items.TryGetValue(LimiterKey, out var value) && value is RateLimiter limiter)
        {
            using var lease = limiter.AttemptAcquire();
            if (!lease.IsAcquired)
            {
                var limits = options.Value;
                throw new HubException(
                    $"Too many calls on this connection: at most {limits.CallBurst} at once and {limits.CallsPerSecond} a second after that. Wait a second and try again.");
            }
        }

        return await next(invocationContext);
    }

    public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        if (context.Context.Items.Remove(LimiterKey, out var value) && value is IDisposable limiter)
        {
            limiter.Dispose();
        }

        await next(context, exception);
    }
}
