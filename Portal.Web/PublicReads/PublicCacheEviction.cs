using Microsoft.AspNetCore.OutputCaching;
using Portal.Core.Events;

namespace Portal.Web.PublicReads;

/// <summary>
/// Evicts the cached public answers when an event Public may see is committed; an event only other
/// audiences see never reaches it, so it neither evicts nor alters them. The one place that turns events
/// into evictions: it follows this node's in-process stream, which on PostgreSQL the per-node
/// <see cref="Portal.Core.Events.Consumers.PostgreSqlEventRelay"/> feeds with every node's commits, so a
/// change made on any node evicts every node's cache.
/// </summary>
public sealed class PublicCacheEviction(
    PortalEventStream events, IOutputCacheStore cache, PublicReadState state, ILogger<PublicCacheEviction> logger) : IHostedService
{
    private IDisposable? _subscription;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = events.Subscribe(PublicReads.AudienceSet.Audiences, OnEvent);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        return Task.CompletedTask;
    }

    private void OnEvent(PortalEvent portalEvent)
    {
        // The generation moves first: a render that read before this commit and finishes after the eviction is not kept.
        state.Advance(portalEvent.Sequence);
        _ = EvictAsync(portalEvent.Sequence);
    }

    private async Task EvictAsync(long sequence)
    {
        try
        {
            await cache.EvictByTagAsync(PublicReads.Tag(PublicReads.AudienceSet), CancellationToken.None);
        }
        catch (Exception exception)
        {
            // The entries still expire after PublicReads.ServerLifetime.
            logger.LogError(exception, "Could not evict the public answers after event {Sequence}", sequence);
        }
    }
}
