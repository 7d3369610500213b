using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using Portal.Core.Events;

namespace Portal.Web.Hubs;

/// <summary>
/// Hands every committed event to the hub groups that may see it, in sequence order. It subscribes
/// once to the whole stream and queues, because stream handlers run on the committing thread.
/// </summary>
internal sealed class StatusHubFanOut(
    PortalEventStream stream,
    IHubContext<StatusHub, IStatusClient> hub,
    StatusHubGroups groups,
    ILogger<StatusHubFanOut> logger) : BackgroundService
{
    private readonly Channel<PortalEvent> _queue = Channel.CreateUnbounded<PortalEvent>(new UnboundedChannelOptions { SingleReader = true });

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var subscription = stream.SubscribeToEverything(portalEvent => _queue.Writer.TryWrite(portalEvent));
        await foreach (var portalEvent in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            foreach (var (group, audiences) in groups.Meeting(portalEvent.Audiences))
            {
                try
                {
                    await hub.Clients.Group(group).Event(PortalEventMessage.From(portalEvent, audiences));
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    logger.LogError(exception, "Could not push event {Sequence} ({Type}) to hub group {Group}",
                        portalEvent.Sequence, portalEvent.Type, group);
                }
            }
        }
    }
}
