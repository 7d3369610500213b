using System.Globalization;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Events.Payloads;
using Portal.Core.Persistence;

namespace Portal.Core.Features.Subscriptions;

/// <summary>
/// Sends due email deliveries over <see cref="SubscriptionOptions.SmtpConnections"/> pooled connections
/// at once, at most one message per subscription at a time. Runs on the node that holds the email
/// consumer's lease. A connection takes a batch of up to <see cref="BatchSize"/> deliveries and records their
/// outcomes together when the batch ends (also when the node is stopping), so a node that stops repeats at
/// most the messages in flight, one per connection, and a node that dies at most a batch per connection.
/// </summary>
/// <remarks>
/// Audiences are checked again when each mail is composed: a subscription reads the event and the
/// systems' current status through <see cref="AudienceVisibility.VisibleTo{T}"/> with the viewer its
/// owner is now, so an account that lost an audience receives nothing more of it. A refused recipient
/// does not stop the rest; a permanent refusal suspends that subscription. A mail server that cannot
/// be reached leaves every delivery waiting, and sending starts again when it answers.
/// </remarks>
internal sealed class EmailSender(
    IDbContextFactory<PortalDbContext> dbFactory,
    ISubscriptionMail mail,
    EmailActivity activity,
    IOptions<SubscriptionOptions> options,
    TimeProvider clock,
    ILogger<EmailSender> logger)
{
    /// <summary>
    /// The most deliveries one connection takes at a time: read together, sent one by one, and recorded
    /// together, so the reads and the write of a large send cost a query per batch rather than per mail. It is
    /// also the most mails per connection that a node which dies in the middle of a send sends again.
    /// </summary>
    public const int BatchSize = 16;

    private static readonly TimeSpan SafetyPoll = TimeSpan.FromSeconds(30);
    private readonly DeliveryWake _wake = new(clock, SafetyPoll);
    private static readonly TimeSpan FirstServerRetry = TimeSpan.FromSeconds(1);
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _writes = new(1, 1);
    private int _serverFailures;
    private DateTimeOffset _serverRetryAt = DateTimeOffset.MinValue;

    public void Wake() => _wake.Wake();

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var connections = options.Value.SmtpConnections;
        var pool = Channel.CreateUnbounded<ISubscriptionMailConnection?>();
        for (var i = 0; i < connections; i++)
        {
            pool.Writer.TryWrite(null);
        }

        // Each subscription with a delivery under way, and the batch it is in.
        var inFlight = new Dictionary<long, Task>();
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                foreach (var (subscriptionId, _) in inFlight.Where(pair => pair.Value.IsCompleted).ToList())
                {
                    inFlight.Remove(subscriptionId);
                }

                var nextDue = await StartDueAsync(inFlight, connections, pool, cancellationToken);
                await _wake.WaitAsync(inFlight.Values.Distinct(), nextDue, cancellationToken);
            }
        }
        finally
        {
            await Task.WhenAll(inFlight.Values.Distinct());
            pool.Writer.TryComplete();
            while (pool.Reader.TryRead(out var connection))
            {
                if (connection is not null)
                {
                    await connection.DisposeAsync();
                }
            }
        }
    }

    /// <summary>
    /// Starts batches of the earliest due deliveries of idle subscriptions, one batch per free connection;
    /// returns when the next one not started is due.
    /// </summary>
    private async Task<DateTimeOffset?> StartDueAsync(
        Dictionary<long, Task> inFlight, int connections, Channel<ISubscriptionMailConnection?> pool, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var serverRetryAt = ServerRetryAt;
        if (now < serverRetryAt)
        {
            return serverRetryAt;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var busy = inFlight.Keys.ToList();
        var waiting = db.EmailDeliveries.Where(d => d.Status == EmailDeliveryStatus.Pending && !busy.Contains(d.SubscriptionId));
        var free = connections - inFlight.Values.Distinct().Count();
        if (free > 0)
        {
            // A page in due order (the status and due time index), made one per subscription here: grouping
            // in the database would read every waiting delivery each time a batch finishes.
            var page = await waiting.Where(d => d.DueAt <= now)
                .OrderBy(d => d.DueAt)
                .ThenBy(d => d.Id)
                .Select(d => new { d.Id, d.SubscriptionId })
                .Take(free * BatchSize * 2)
                .ToListAsync(cancellationToken);
            var due = page.DistinctBy(d => d.SubscriptionId).Take(free * BatchSize).ToList();
            if (due.Count > 0)
            {
                // Spread over every free connection when little is due; full batches when much is.
                var size = Math.Clamp((due.Count + free - 1) / free, 1, BatchSize);
                foreach (var batch in due.Chunk(size))
                {
                    var sending = SendAsync(batch.Select(d => d.Id).ToList(), pool, cancellationToken);
                    foreach (var delivery in batch)
                    {
                        inFlight[delivery.SubscriptionId] = sending;
                    }
                }

                busy.AddRange(due.Select(d => d.SubscriptionId));
                free -= (due.Count + size - 1) / size;
            }
        }

        // Every connection busy: the next thing to do is when a batch finishes (the wait watches them), however
        // much is due. Asking for the next due time here would answer "now" and turn the wait into a busy loop.
        if (free <= 0)
        {
            return null;
        }

        return await waiting.Where(d => !busy.Contains(d.SubscriptionId))
            .OrderBy(d => d.DueAt)
            .Select(d => d.DueAt)
            .FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>
    /// Sends a batch over one pooled connection: read together, sent one by one, and the outcomes recorded
    /// together when the batch ends, also when it ends early (the node stopping, the server failing).
    /// </summary>
    private async Task SendAsync(List<long> deliveryIds, Channel<ISubscriptionMailConnection?> pool, CancellationToken cancellationToken)
    {
        ISubscriptionMailConnection? connection = null;
        PortalDbContext? db = null;
        var taken = false;
        long? attempting = null;
        try
        {
            connection = await pool.Reader.ReadAsync(cancellationToken);
            taken = true;
            db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var deliveries = await db.EmailDeliveries.Where(d => deliveryIds.Contains(d.Id)).ToListAsync(cancellationToken);
            var subscriptionIds = deliveries.Select(d => d.SubscriptionId).ToList();
            var subscriptions = await db.EmailSubscriptions.Where(s => subscriptionIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, cancellationToken);
            var statements = new StatementEvents(deliveries.Where(d => d.Kind == EmailDeliveryKind.Statement).Select(d => d.Sequence).Distinct().ToList());
            var ordered = deliveries.OrderBy(d => deliveryIds.IndexOf(d.Id)).ToList();
            foreach (var (index, delivery) in ordered.Index())
            {
                // Stopping: what is left stays due and goes later.
                if (cancellationToken.IsCancellationRequested)
                {
                    break;
                }

                // The server failed: what is left waits for the server with the mail that failed, and says so in its due time.
                if (ServerRetryAt is var retryAt && clock.GetUtcNow() < retryAt)
                {
                    foreach (var left in ordered.Skip(index).Where(d => d.Status == EmailDeliveryStatus.Pending && !(d.DueAt >= retryAt)))
                    {
                        left.Postpone(retryAt);
                    }

                    break;
                }

                attempting = delivery.Id;
                connection = await AttemptAsync(db, delivery, subscriptions[delivery.SubscriptionId], statements, connection, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: the attempt under way is not recorded, so its delivery stays due and goes again.
        }
        catch (Exception exception)
        {
            logger.LogError(exception, "Email delivery {Delivery} could not be attempted", attempting);
            if (connection is not null)
            {
                await connection.DisposeAsync();
                connection = null;
            }
        }
        finally
        {
            if (db is not null)
            {
                // Recorded even when the node is stopping, so a mail the server accepted is not sent again for nothing.
                await SaveOutcomesAsync(db, deliveryIds);
                await db.DisposeAsync();
            }

            if (taken)
            {
                pool.Writer.TryWrite(connection);
            }

            Wake();
        }
    }

    /// <summary>Sends one message (a statement, or a digest of the subscription's waiting status changes); returns the connection to pool again, or null when it broke.</summary>
    private async Task<ISubscriptionMailConnection?> AttemptAsync(PortalDbContext db, EmailDelivery delivery, EmailSubscription subscription,
        StatementEvents statements, ISubscriptionMailConnection? connection, CancellationToken cancellationToken)
    {
        if (delivery.Status != EmailDeliveryStatus.Pending)
        {
            return connection;
        }

        var batch = delivery.Kind != EmailDeliveryKind.Status
            ? [delivery]
            : await db.EmailDeliveries
                .Where(d => d.SubscriptionId == subscription.Id && d.Status == EmailDeliveryStatus.Pending && d.Kind == EmailDeliveryKind.Status)
                .OrderBy(d => d.Sequence)
                .ToListAsync(cancellationToken);
        var now = clock.GetUtcNow();

        // The digest rule holds at send time too: a change queued while the last status message was
        // on its way waits for the end of that message's interval.
        if (delivery.Kind == EmailDeliveryKind.Status && subscription.StatusMailDue(now, options.Value.StatusDigest) is var due && due > now)
        {
            foreach (var waiting in batch)
            {
                waiting.Postpone(due);
            }

            return connection;
        }

        var viewer = subscription.IsActive ? await SubscriberViewers.OfAsync(db, subscription, cancellationToken) : null;
        if (viewer is null)
        {
            Cancel(batch, subscription.IsActive ? "Not sent: the account may no longer receive mail." : "Not sent: the subscription is suspended.", now);
            return connection;
        }

        // Read again at send time with the viewer the owner is now: what they lost since the event is not sent.
        var sequences = batch.Select(d => d.Sequence).ToList();
        var visible = delivery.Kind == EmailDeliveryKind.Statement
            ? (await statements.VisibleToAsync(db, viewer, cancellationToken)).Where(e => sequences.Contains(e.Sequence)).ToList()
            : await db.PortalEvents.AsNoTracking().VisibleTo(viewer)
                .Where(e => sequences.Contains(e.Sequence))
                .OrderBy(e => e.Sequence)
                .ToListAsync(cancellationToken);
        Cancel(batch.Where(d => visible.All(e => e.Sequence != d.Sequence)), "Not sent: the subscriber no longer sees this event.", now);
        var sending = batch.Where(d => visible.Any(e => e.Sequence == d.Sequence)).ToList();
        var notice = sending.Count == 0 ? null : await NoticeAsync(db, delivery.Kind, visible, viewer, statements, cancellationToken);
        if (notice is null)
        {
            Cancel(sending, "Not sent: nothing in it may be told.", now);
            return connection;
        }

        var sequence = sending.Max(d => d.Sequence);
        var reused = connection is not null;
        try
        {
            try
            {
                connection ??= await mail.ConnectAsync(cancellationToken);
                await connection.SendAsync(sequence, subscription, notice, cancellationToken);
            }
            catch (MailServerUnavailableException) when (reused)
            {
                // Servers close connections they have kept open a while or for so many mails: a fresh
                // one is tried at once before the server counts as down and every mail waits.
                await connection!.DisposeAsync();
                connection = null;
                connection = await mail.ConnectAsync(cancellationToken);
                await connection.SendAsync(sequence, subscription, notice, cancellationToken);
            }

            var sentAt = clock.GetUtcNow();
            foreach (var sent in sending)
            {
                sent.Sent(sentAt);
            }

            if (delivery.Kind == EmailDeliveryKind.Status)
            {
                subscription.StatusMailed(sentAt);
            }

            ServerAnswered();
        }
        catch (SubscriberRefusedException refused) when (refused.Permanent)
        {
            logger.LogWarning("Suspending email subscription {Subscription}: the mail server refused its address for good ({Reply})", subscription.Id, refused.Reply);
            var at = clock.GetUtcNow();
            foreach (var failed in sending)
            {
                failed.Refused(refused.Message, at);
            }

            subscription.Suspend($"The mail server refused the address: {refused.Reply}", at);
            db.Audit(Actor.System, "subscription.suspended", nameof(EmailSubscription), subscription.Id.ToString(CultureInfo.InvariantCulture),
                null, new { subscription.Address, Reason = subscription.SuspendedReason }, at);
            ServerAnswered();
        }
        catch (SubscriberRefusedException refused)
        {
            var at = clock.GetUtcNow();
            foreach (var deferred in sending)
            {
                deferred.Deferred(refused.Message, at);
            }

            ServerAnswered();
        }
        catch (MailServerUnavailableException unavailable)
        {
            var retryAt = ServerFailed(unavailable);
            foreach (var waiting in sending)
            {
                waiting.ServerUnavailable(unavailable.Message, now, retryAt);
            }

            if (connection is not null)
            {
                await connection.DisposeAsync();
                connection = null;
            }
        }

        return connection;
    }

    private static async Task<SubscriptionNotice?> NoticeAsync(PortalDbContext db, EmailDeliveryKind kind, List<PortalEvent> events, Viewer viewer,
        StatementEvents statements, CancellationToken cancellationToken)
    {
        if (kind != EmailDeliveryKind.Status)
        {
            return statements.NoticeFor(events[^1]);
        }

        var changes = events.Select(SubscriptionNotice.StatusChangeIn).OfType<SystemStatusChangedData>().ToList();
        var ids = changes.Select(c => c.Id).Distinct().ToList();
        var systems = await db.EstateSystems.AsNoTracking().VisibleTo(viewer)
            .Where(s => ids.Contains(s.Id))
            .Select(s => new CurrentSystemStatus(s.Id, s.Slug, s.Name, s.Status))
            .ToListAsync(cancellationToken);
        var current = ids.Select(id => systems.FirstOrDefault(s => s.Id == id)).OfType<CurrentSystemStatus>().ToList();
        changes = changes.Where(c => current.Any(s => s.Id == c.Id)).ToList();
        return current.Count == 0 ? null : SubscriptionNotice.Digest(changes, current);
    }

    private static void Cancel(IEnumerable<EmailDelivery> deliveries, string reason, DateTimeOffset at)
    {
        foreach (var delivery in deliveries)
        {
            delivery.Cancel(reason, at);
        }
    }

    /// <summary>Records a batch's outcomes in one write; a write that fails leaves them due, so they go again (with the same Message-ID).</summary>
    private async Task SaveOutcomesAsync(PortalDbContext db, List<long> deliveryIds)
    {
        // The connections record one at a time: SQLite has one writer, and a write that finds the database
        // locked by another is retried only after a sleep, which held the other connections up.
        await _writes.WaitAsync(CancellationToken.None);
        try
        {
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    await db.SaveChangesAsync(CancellationToken.None);
                    break;
                }
                catch (DbUpdateConcurrencyException gone) when (attempt < BatchSize)
                {
                    // A subscription deleted meanwhile, with its deliveries: nothing to record for it, and the
                    // rest of the batch is still recorded.
                    foreach (var entry in gone.Entries)
                    {
                        entry.State = EntityState.Detached;
                    }
                }
            }
        }
        catch (Exception exception) when (exception is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
        {
            logger.LogError(exception, "The outcomes of email deliveries {Deliveries} could not be recorded; they go again", deliveryIds);
        }
        finally
        {
            _writes.Release();
        }

        activity.Notify();
    }

    private DateTimeOffset ServerRetryAt
    {
        get
        {
            lock (_gate)
            {
                return _serverRetryAt;
            }
        }
    }

    private void ServerAnswered()
    {
        lock (_gate)
        {
            _serverFailures = 0;
            _serverRetryAt = DateTimeOffset.MinValue;
        }
    }

    private DateTimeOffset ServerFailed(MailServerUnavailableException problem)
    {
        DateTimeOffset retryAt;
        int failures;
        lock (_gate)
        {
            failures = ++_serverFailures;
            var delay = FirstServerRetry * Math.Pow(2, Math.Min(failures - 1, 20));
            var max = options.Value.MaxServerRetryDelay;
            retryAt = clock.GetUtcNow() + (delay < max ? delay : max);
            if (retryAt > _serverRetryAt)
            {
                _serverRetryAt = retryAt;
            }

            retryAt = _serverRetryAt;
        }

        logger.LogWarning(problem, "The mail server for subscription mail could not be reached ({Failures} times in a row); trying again at {RetryAt}", failures, retryAt);
        return retryAt;
    }
}

/// <summary>
/// The statement events of one batch as each viewer in it may see them: read through
/// <see cref="AudienceVisibility.VisibleTo{T}"/> once per distinct viewer, not once per mail.
/// </summary>
internal sealed class StatementEvents(IReadOnlyList<long> sequences)
{
    private readonly Dictionary<Viewer, List<PortalEvent>> _visible = [];
    private readonly Dictionary<long, SubscriptionNotice?> _notices = [];

    /// <summary>
    /// The notice of <paramref name="statement"/>, made once per batch: every subscriber who may see it is told
    /// the same, and one instance lets the mail transport render its body once for all of them.
    /// </summary>
    public SubscriptionNotice? NoticeFor(PortalEvent statement)
    {
        if (!_notices.TryGetValue(statement.Sequence, out var notice))
        {
            _notices[statement.Sequence] = notice = SubscriptionNotice.For(statement);
        }

        return notice;
    }

    public async Task<List<PortalEvent>> VisibleToAsync(PortalDbContext db, Viewer viewer, CancellationToken cancellationToken)
    {
        if (!_visible.TryGetValue(viewer, out var events))
        {
            _visible[viewer] = events = await db.PortalEvents.AsNoTracking().VisibleTo(viewer)
                .Where(e => sequences.Contains(e.Sequence))
                .OrderBy(e => e.Sequence)
                .ToListAsync(cancellationToken);
        }

        return events;
    }
}

/// <summary>Tells whoever listens (the console, tests) that email deliveries changed.</summary>
public sealed class EmailActivity : ActivityNotice;
