using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Portal.Core.Persistence;

namespace Portal.Core.Events.Consumers;

/// <summary>
/// Runs one <see cref="EventConsumer"/>: holds its lease when it runs once per cluster, reads the log
/// after its cursor in batches, hands each event to it, and moves the cursor on. It is woken by the
/// in-process event stream as soon as events are committed; <see cref="EventConsumerOptions.SafetyPoll"/>
/// only catches what this node did not hear about.
/// </summary>
public sealed class EventConsumerRunner : IAsyncDisposable
{
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(1);

    private readonly EventConsumer _consumer;
    private readonly IDbContextFactory<PortalDbContext> _dbFactory;
    private readonly PortalEventStream _stream;
    private readonly TimeProvider _clock;
    private readonly EventConsumerOptions _options;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly Lock _gate = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CancellationTokenSource? _stopping;
    private IDisposable? _subscription;
    private Task _running = Task.CompletedTask;

    // Shared by everyone who stops the runner: a host's StopAsync can be called again while the first call
    // still waits for the consumer, and the provider is disposed as soon as the second call returns.
    private Lazy<Task>? _halting;
    private Lazy<Task>? _stoppingCleanly;
    private long _finishedSequence = -1;
    private bool _isActive;
    private int _passes;
    private int _failures;
    private int _leaseChecks;
    private DateTimeOffset _heldUntil = DateTimeOffset.MinValue;

    public EventConsumerRunner(EventConsumer consumer, IDbContextFactory<PortalDbContext> dbFactory, PortalEventStream stream,
        TimeProvider clock, EventConsumerOptions options, string holder, ILogger logger)
    {
        _consumer = consumer;
        _dbFactory = dbFactory;
        _stream = stream;
        _clock = clock;
        _options = options;
        _logger = logger;
        Holder = holder;
        CursorName = consumer.Scope == ConsumerScope.PerNode ? $"{consumer.Name}@{options.NodeId}" : consumer.Name;
    }

    public EventConsumer Consumer => _consumer;

    /// <summary>The key of this consumer's cursor row.</summary>
    public string CursorName { get; }

    /// <summary>Who this runner is when it holds a lease: the node's id and a per-process id.</summary>
    public string Holder { get; }

    /// <summary>True while the consumer runs here (for a once-per-cluster consumer: while this node holds its lease).</summary>
    public bool IsActive => Read(() => _isActive);

    /// <summary>The last sequence this runner finished (-1 before it has read its cursor).</summary>
    public long FinishedSequence => Read(() => _finishedSequence);

    /// <summary>How many times it has read the log to its end.</summary>
    public int Passes => Read(() => _passes);

    /// <summary>Failures in a row since the last success; the next attempt waits longer each time.</summary>
    public int Failures => Read(() => _failures);

    /// <summary>How many times it has asked for (or renewed) its lease; it waits for the next check after each.</summary>
    public int LeaseChecks => Read(() => _leaseChecks);

    /// <summary>Starts following the log in the background.</summary>
    public void Start()
    {
        if (_stopping is not null)
        {
            throw new InvalidOperationException($"The consumer '{_consumer.Name}' is already running.");
        }

        _stopping = new CancellationTokenSource();
        (_halting, _stoppingCleanly) = (null, null);
        _subscription = _stream.SubscribeToEverything(_ => Wake());
        var token = _stopping.Token;
        _running = Task.Run(() => RunAsync(token), CancellationToken.None);
    }

    /// <summary>Makes the consumer read the log now (events committed elsewhere, deliveries due).</summary>
    public void Wake()
    {
        try
        {
            if (_wake.CurrentCount == 0)
            {
                _wake.Release();
            }
        }
        catch (SemaphoreFullException)
        {
            // Already woken: one pending wake-up reads everything committed before it.
        }
    }

    /// <summary>
    /// Stops cleanly: finishes nothing new, and gives up the lease so another node takes over at once. Every call
    /// returns only once the consumer has stopped and the lease is given up, however many callers stop it at once.
    /// </summary>
    public Task StopAsync(CancellationToken cancellationToken = default) => Once(ref _stoppingCleanly, () => StopCleanlyAsync(cancellationToken));

    /// <summary>Stops without giving up the lease, as a node that dies would: another node waits for it to expire.</summary>
    public async ValueTask DisposeAsync() => await HaltAsync();

    /// <summary>Completes once <paramref name="condition"/> holds, checked whenever the runner's state changes.</summary>
    public async Task WaitUntilAsync(Func<EventConsumerRunner, bool> condition, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                changed = _changed.Task;
            }

            if (condition(this))
            {
                return;
            }

            await changed.WaitAsync(cancellationToken);
        }
    }

    private async Task StopCleanlyAsync(CancellationToken cancellationToken)
    {
        await HaltAsync();
        if (_consumer.Scope == ConsumerScope.OncePerCluster)
        {
            try
            {
                await using var db = await _dbFactory.CreateDbContextAsync(cancellationToken);
                await db.ReleaseAsync(_consumer.Name, Holder, _clock.GetUtcNow(), cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                _logger.LogWarning(exception, "Could not give up the lease of event consumer {Consumer}; it expires by itself", _consumer.Name);
            }
        }
    }

    private Task HaltAsync() => Once(ref _halting, async () =>
    {
        _subscription?.Dispose();
        if (Interlocked.Exchange(ref _stopping, null) is { } stopping)
        {
            await stopping.CancelAsync();
            await _running;
            stopping.Dispose();
        }
    });

    /// <summary>Starts <paramref name="operation"/> the first time; later callers await that same run.</summary>
    private static Task Once(ref Lazy<Task>? slot, Func<Task> operation)
    {
        var mine = new Lazy<Task>(operation);
        return (Interlocked.CompareExchange(ref slot, mine, null) ?? mine).Value;
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        if (_consumer.Scope == ConsumerScope.PerNode)
        {
            SetActive(true);
            await RunActiveAsync(stopping);
            SetActive(false);
            return;
        }

        var renewEvery = _options.LeaseDuration / 3;
        CancellationTokenSource? activeStop = null;
        Task? active = null;
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                var held = await TryHoldLeaseAsync(stopping);
                if (held && active is null)
                {
                    _logger.LogInformation("This node ({Holder}) runs event consumer {Consumer}", Holder, _consumer.Name);
                    activeStop = CancellationTokenSource.CreateLinkedTokenSource(stopping);
                    active = RunActiveAsync(activeStop.Token);
                    SetActive(true);
                }
                else if (!held && active is not null)
                {
                    _logger.LogWarning("This node ({Holder}) no longer holds the lease of event consumer {Consumer}; stopping it here", Holder, _consumer.Name);
                    await activeStop!.CancelAsync();
                    await active;
                    activeStop.Dispose();
                    (active, activeStop) = (null, null);
                    SetActive(false);
                }

                // The wait starts before the check is counted, so whoever watches the count can move the clock on.
                var nextCheck = DelayAsync(renewEvery, stopping);
                Change(() => _leaseChecks++);
                if (!await nextCheck)
                {
                    break;
                }
            }
        }
        finally
        {
            if (active is not null)
            {
                await activeStop!.CancelAsync();
                await active;
                activeStop.Dispose();
            }

            SetActive(false);
        }
    }

    private async Task<bool> TryHoldLeaseAsync(CancellationToken stopping)
    {
        var now = _clock.GetUtcNow();
        try
        {
            await using var db = await _dbFactory.CreateDbContextAsync(stopping);
            var held = await db.TryHoldAsync(_consumer.Name, Holder, now, _options.LeaseDuration, stopping);
            _heldUntil = held ? now + _options.LeaseDuration : DateTimeOffset.MinValue;
            return held;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The database could not be asked: go on while the lease surely lasts, then stop.
            _logger.LogWarning(exception, "Could not renew the lease of event consumer {Consumer}", _consumer.Name);
            return now < _heldUntil;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task RunActiveAsync(CancellationToken stopping)
    {
        using var activation = _consumer.Activate();
        var sideWork = RunSideWorkAsync(stopping);
        var started = false;
        var failures = 0;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                if (!started)
                {
                    _consumer.StartsAfter(await FindStartAsync(stopping));
                    started = true;
                }

                await CatchUpAsync(stopping);
                failures = 0;
                Change(() => (_failures, _passes) = (0, _passes + 1));
                await WaitForWakeAsync(stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception)
            {
                failures++;
                var delay = RetryDelay(failures);
                _logger.LogError(exception, "Event consumer {Consumer} failed after sequence {Sequence}; trying again in {Delay}",
                    _consumer.Name, FinishedSequence, delay);
                var retry = DelayAsync(delay, stopping);
                Change(() => _failures = failures);
                if (!await retry)
                {
                    break;
                }
            }
        }

        await sideWork;
    }

    private async Task RunSideWorkAsync(CancellationToken stopping)
    {
        var failures = 0;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await _consumer.RunWhileActiveAsync(stopping);
                return;
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                failures++;
                var delay = RetryDelay(failures);
                _logger.LogError(exception, "The background work of event consumer {Consumer} failed; restarting it in {Delay}", _consumer.Name, delay);
                if (!await DelayAsync(delay, stopping))
                {
                    return;
                }
            }
        }
    }

    /// <summary>Where the reading of an activation starts: the cursor, made or (for a consumer that starts at the end of the log) moved there first.</summary>
    private async Task<long> FindStartAsync(CancellationToken cancellationToken)
    {
        await using var db = await _dbFactory.CreateDbContextAsync(cancellationToken);
        var cursor = await db.ConsumerCursors.AsNoTracking().SingleOrDefaultAsync(c => c.Name == CursorName, cancellationToken);
        if (cursor is null)
        {
            return (await CreateCursorAsync(db, cancellationToken)).FinishedSequence;
        }

        if (!_consumer.StartsAtTheEndOfTheLog)
        {
            return cursor.FinishedSequence;
        }

        var newest = await db.CurrentSequenceAsync(cancellationToken);
        await SaveCursorAsync(db, newest, null, cancellationToken);
        _logger.LogInformation("Event consumer {Consumer} starts after sequence {Sequence}", CursorName, newest);
        return newest;
    }

    private async Task CatchUpAsync(CancellationToken cancellationToken)
    {
        await using var db = await _dbFactory.CreateDbContextAsync(cancellationToken);
        var cursor = await db.ConsumerCursors.AsNoTracking().SingleOrDefaultAsync(c => c.Name == CursorName, cancellationToken)
            ?? throw new InvalidOperationException($"The cursor of event consumer '{CursorName}' is missing.");
        var finished = cursor.FinishedSequence;
        SetFinished(finished);

        while (true)
        {
            // Only committed rows can be read, so nothing is handled for a change that was rolled back.
            var events = await db.PortalEvents.AsNoTracking()
                .Where(e => e.Sequence > finished)
                .OrderBy(e => e.Sequence)
                .Take(_consumer.BatchSize)
                .ToListAsync(cancellationToken);
            if (events.Count == 0)
            {
                return;
            }

            foreach (var portalEvent in events)
            {
                var checkpoint = new EventCheckpoint(this, portalEvent.Sequence, cursor.ResumePositionFor(portalEvent.Sequence));
                await _consumer.HandleAsync(portalEvent, checkpoint, cancellationToken);
                await SaveCursorAsync(db, portalEvent.Sequence, null, cancellationToken);
                finished = portalEvent.Sequence;
                SetFinished(finished);
            }
        }
    }

    /// <summary>A new consumer starts at the end of the log: it reacts to what is committed from now on.</summary>
    private async Task<ConsumerCursor> CreateCursorAsync(PortalDbContext db, CancellationToken cancellationToken)
    {
        var cursor = new ConsumerCursor(CursorName, await db.CurrentSequenceAsync(cancellationToken), _clock.GetUtcNow());
        db.ConsumerCursors.Add(cursor);
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        _logger.LogInformation("Event consumer {Consumer} starts after sequence {Sequence}", CursorName, cursor.Sequence);
        return cursor;
    }

    internal async Task SaveCursorAsync(PortalDbContext db, long sequence, long? position, CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow();
        var cursors = db.ConsumerCursors.Where(c => c.Name == CursorName);
        if (_consumer.Scope == ConsumerScope.OncePerCluster)
        {
            // Fenced by the lease: a node that lost it without noticing yet cannot move the cursor,
            // and a transaction that saves its work with this checkpoint is not committed.
            var (name, holder) = (_consumer.Name, Holder);
            cursors = cursors.Where(c => db.ConsumerLeases.Any(l => l.Name == name && l.Holder == holder));
        }

        var updated = await cursors.ExecuteUpdateAsync(s => s
            .SetProperty(c => c.Sequence, sequence)
            .SetProperty(c => c.Position, position)
            .SetProperty(c => c.UpdatedAt, now), cancellationToken);
        if (updated == 0)
        {
            throw _consumer.Scope == ConsumerScope.OncePerCluster
                ? new ConsumerLeaseLostException(_consumer.Name)
                : new InvalidOperationException($"The cursor of event consumer '{CursorName}' is missing.");
        }
    }

    private async Task WaitForWakeAsync(CancellationToken cancellationToken)
    {
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var woken = _wake.WaitAsync(waiting.Token);
        var poll = Task.Delay(_options.SafetyPoll, _clock, waiting.Token);
        await Task.WhenAny(woken, poll);
        await waiting.CancelAsync();
        cancellationToken.ThrowIfCancellationRequested();
    }

    private async Task<bool> DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, _clock, cancellationToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private TimeSpan RetryDelay(int failures)
    {
        var delay = FirstRetryDelay * Math.Pow(2, Math.Min(failures - 1, 20));
        return delay < _options.MaxRetryDelay ? delay : _options.MaxRetryDelay;
    }

    private void SetFinished(long sequence) => Change(() => _finishedSequence = sequence);

    private void SetActive(bool active) => Change(() => _isActive = active);

    private T Read<T>(Func<T> read)
    {
        lock (_gate)
        {
            return read();
        }
    }

    private void Change(Action change)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            change();
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }
}
