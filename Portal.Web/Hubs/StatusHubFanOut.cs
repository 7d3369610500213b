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
    TimeProvider clock,
    ILogger<StatusHubFanOut> logger) : BackgroundService
{
    /// <summary>How long an event waits for an earlier one that has not been published yet.</summary>
    public static readonly TimeSpan GapPatience = TimeSpan.FromSeconds(2);

    private readonly Channel<PortalEvent> _queue = Channel.CreateUnbounded<PortalEvent>(new UnboundedChannelOptions { SingleReader = true });

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var subscription = stream.SubscribeToEverything(portalEvent => _queue.Writer.TryWrite(portalEvent));
        var order = new SequenceOrder<PortalEvent>(e => e.Sequence, GapPatience, clock);
        while (!stoppingToken.IsCancellationRequested)
        {
            if (await NextAsync(order.TimeUntilForcedRelease, stoppingToken) is { } arrived)
            {
                order.Add(arrived);
            }

            foreach (var portalEvent in order.TakeReady())
            {
                await SendAsync(portalEvent);
            }
        }
    }

    private async Task<PortalEvent?> NextAsync(TimeSpan? waitAtMost, CancellationToken stoppingToken)
    {
        if (waitAtMost is not { } limit)
        {
            return await _queue.Reader.ReadAsync(stoppingToken);
        }

        using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        wait.CancelAfter(limit);
        try
        {
            return await _queue.Reader.ReadAsync(wait.Token);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            return null;
        }
    }

    private async Task SendAsync(PortalEvent portalEvent)
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
