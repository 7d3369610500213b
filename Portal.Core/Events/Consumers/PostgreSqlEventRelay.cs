using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Portal.Core.Persistence;

namespace Portal.Core.Events.Consumers;

/// <summary>
/// How a node on PostgreSQL hears of every node's commits, its own included: a per-node consumer of the
/// event log that hands each event, in sequence order, to this node's <see cref="PortalEventStream"/>, and
/// so to its live pages, hub connections, public cache eviction and the other consumers it wakes.
/// A commit notifies <see cref="PortalDbContext.EventChannel"/> with its highest sequence; the relay
/// listens and reads the log after the last sequence it handed on. The log, not the notification, is
/// what it relays, so a missed notification or a lost connection only delays events until the next
/// notification, the reconnect, or <see cref="EventConsumerOptions.SafetyPoll"/>.
/// </summary>
public sealed class PostgreSqlEventRelay(
    PortalEventStream stream, PortalDatabase database, IServiceProvider services, TimeProvider clock, IOptions<EventConsumerOptions> options,
    ILogger<PostgreSqlEventRelay> logger)
    : EventConsumer
{
    public const string ConsumerName = "event-relay";

    /// <summary>The application name of the listening connection, so an operator can find it in <c>pg_stat_activity</c>.</summary>
    public static string ListenerName(string nodeId) => $"portal-relay-{nodeId}";

    private static readonly TimeSpan ReconnectDelay = TimeSpan.FromSeconds(1);

    private PortalEventStream.Relay? _relay;

    public override string Name => ConsumerName;

    public override ConsumerScope Scope => ConsumerScope.PerNode;

    public override int BatchSize => 500;

    private EventConsumerRunner Runner => services.GetRequiredService<EventConsumerHost>().Runner(ConsumerName);

    /// <summary>This node's subscribers need only what is committed while it runs; clients that resume read older events from the log.</summary>
    public override bool StartsAtTheEndOfTheLog => true;

    /// <summary>
    /// From now on, commits on this node reach its subscribers through the relay. This happens before the runner
    /// reads where the relay starts, so whatever this node published directly before is at or before that place.
    /// </summary>
    public override IDisposable? Activate()
    {
        var relay = stream.UseRelay(Runner.Wake);
        Volatile.Write(ref _relay, relay);
        return relay;
    }

    public override void StartsAfter(long sequence) => ActiveRelay.StartsAfter(sequence);

    public override Task HandleAsync(PortalEvent portalEvent, EventCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        ActiveRelay.HandOn(portalEvent);
        return Task.CompletedTask;
    }

    /// <summary>While the relay runs, it listens for every node's commits.</summary>
    public override async Task RunWhileActiveAsync(CancellationToken cancellationToken)
    {
        var runner = Runner;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(runner, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException or IOException or TimeoutException)
            {
                logger.LogWarning(exception, "Lost the notifications of other nodes' commits; reconnecting in {Delay}", ReconnectDelay);
                try
                {
                    await Task.Delay(ReconnectDelay, clock, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private PortalEventStream.Relay ActiveRelay =>
        Volatile.Read(ref _relay) ?? throw new InvalidOperationException("The relay of the event log is not active on this node.");

    private async Task ListenAsync(EventConsumerRunner runner, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(database.ConnectionString)
        {
            KeepAlive = 15,
            Pooling = false,
            ApplicationName = ListenerName(options.Value.NodeId),
        };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        connection.Notification += (_, _) => runner.Wake();
        await connection.OpenAsync(cancellationToken);
        await using (var listen = new NpgsqlCommand($"LISTEN {PortalDbContext.EventChannel}", connection))
        {
            await listen.ExecuteNonQueryAsync(cancellationToken);
        }

        // Whatever was committed while this node was not listening is in the log after the relay's cursor.
        runner.Wake();
        logger.LogInformation("Listening for the commits of every node on PostgreSQL channel {Channel}", PortalDbContext.EventChannel);
        while (true)
        {
            await connection.WaitAsync(cancellationToken);
        }
    }
}
