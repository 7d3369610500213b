using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Core.Persistence;

namespace Portal.Core.Events.Consumers;

/// <summary>Starts a <see cref="EventConsumerRunner"/> for every registered <see cref="EventConsumer"/> with the host, and stops them with it.</summary>
public sealed class EventConsumerHost : IHostedService, IAsyncDisposable
{
    private readonly List<EventConsumerRunner> _runners;

    public EventConsumerHost(IEnumerable<EventConsumer> consumers, IDbContextFactory<PortalDbContext> dbFactory, PortalEventStream stream,
        TimeProvider clock, IOptions<EventConsumerOptions> options, ILoggerFactory loggers)
    {
        // A new id per process: a restarted node is a new holder, so two processes configured with
        // the same node id can never both believe they hold a lease.
        var holder = $"{options.Value.NodeId}/{Guid.NewGuid():N}";
        _runners = [.. consumers.Select(consumer => new EventConsumerRunner(consumer, dbFactory, stream, clock, options.Value, holder,
            loggers.CreateLogger($"{typeof(EventConsumerRunner).FullName}[{consumer.Name}]")))];
    }

    public IReadOnlyList<EventConsumerRunner> Runners => _runners;

    public EventConsumerRunner Runner(string consumerName) => _runners.Single(r => r.Consumer.Name == consumerName);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var runner in _runners)
        {
            runner.Start();
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(_runners.Select(runner => runner.StopAsync(cancellationToken)));

    public async ValueTask DisposeAsync()
    {
        foreach (var runner in _runners)
        {
            await runner.DisposeAsync();
        }
    }
}
