using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Events;
using Portal.Core.Events.Consumers;

namespace Portal.Core.Features.MaintenanceWindows;

/// <summary>
/// Runs <see cref="AnnounceMaintenanceTimes"/> on one node of the cluster (it holds this consumer's
/// lease), at each window's start and end. It reads the event log only to learn of windows scheduled or
/// moved, and then looks again at once; a safety poll covers a clock that jumps.
/// </summary>
internal sealed class MaintenanceClock(IServiceProvider services, TimeProvider clock) : EventConsumer
{
    public const string ConsumerName = "maintenance-clock";
    private static readonly TimeSpan SafetyPoll = TimeSpan.FromMinutes(1);
    private readonly DeliveryWake _wake = new(clock, SafetyPoll);

    public override string Name => ConsumerName;

    public override Task HandleAsync(PortalEvent portalEvent, EventCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        if (portalEvent.Type == PortalEventTypes.MaintenanceUpdated)
        {
            _wake.Wake();
        }

        return Task.CompletedTask;
    }

    public override async Task RunWhileActiveAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var next = await services.GetRequiredService<AnnounceMaintenanceTimes>().HandleAsync(cancellationToken);
            await _wake.WaitAsync([], next, cancellationToken);
        }
    }
}
