using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Portal.Core.Domain;
using Portal.Core.Persistence;

namespace Portal.Core.Events;

/// <summary>How every use case commits (one transaction, then the events go to the stream) and how reads learn the sequence they are current at.</summary>
public static class PortalChanges
{
    /// <summary>How long a commit waits for the relay of the shared log to hand its events on (PostgreSQL).</summary>
    private static readonly TimeSpan RelayPatience = TimeSpan.FromSeconds(5);

    private const string ConcurrencyMessage =
        "Someone else saved a change to this at the same moment. Nothing of yours was saved; review the latest version and save again.";

    /// <summary>
    /// Saves the pending state, audit entries and events in one transaction, then hands the new
    /// events to the live stream. Nothing is pushed that was not committed; if the process stops
    /// between the two, the events are still in the log for clients that resume by sequence.
    /// A transaction opened by <see cref="InsertAsync"/> is committed here, before anything is pushed.
    /// Throws <see cref="ConcurrencyConflictException"/> when someone saved first and
    /// <see cref="DatabaseUnavailableException"/> when the database cannot take the write.
    /// </summary>
    public static async Task CommitAsync(this PortalDbContext db, PortalEventStream stream, CancellationToken cancellationToken)
    {
        var events = db.ChangeTracker.Entries<PortalEvent>()
            .Where(entry => entry.State == EntityState.Added)
            .Select(entry => entry.Entity)
            .ToList();

        try
        {
            await db.SaveChangesAsync(cancellationToken);
            if (db.Database.CurrentTransaction is { } transaction)
            {
                await transaction.CommitAsync(cancellationToken);
            }
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConcurrencyConflictException(ConcurrencyMessage);
        }
        catch (Exception exception) when (DatabaseUnavailableException.IsStorageFailure(exception))
        {
            throw new DatabaseUnavailableException(exception);
        }

        if (events.Count > 0)
        {
            await stream.PublishCommittedAsync(events, RelayPatience);
        }
        else
        {
            stream.PublishStaffChange();
        }
    }

    /// <summary>
    /// Inserts a new entity at once, inside a transaction that <see cref="CommitAsync"/> commits, so its
    /// database id is known to the audit entry and the event that follow. Dispose the transaction
    /// (<c>await using</c>): a use case that fails before committing leaves nothing behind.
    /// Throws <see cref="DatabaseUnavailableException"/> when the database cannot take the write.
    /// </summary>
    public static async Task<IDbContextTransaction> InsertAsync<TEntity>(this PortalDbContext db, TEntity entity, CancellationToken cancellationToken)
        where TEntity : class
    {
        IDbContextTransaction transaction;
        try
        {
            transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        }
        catch (Exception exception) when (DatabaseUnavailableException.IsStorageFailure(exception))
        {
            throw new DatabaseUnavailableException(exception);
        }

        try
        {
            db.Add(entity);
            await db.SaveChangesAsync(cancellationToken);
            return transaction;
        }
        catch (Exception exception) when (DatabaseUnavailableException.IsStorageFailure(exception))
        {
            await transaction.DisposeAsync();
            throw new DatabaseUnavailableException(exception);
        }
        catch
        {
            await transaction.DisposeAsync();
            throw;
        }
    }

    /// <summary>Adds an audit entry (before and after as camelCase JSON) to the pending change.</summary>
    public static void Audit(this PortalDbContext db, Actor actor, string action, string entityType, string entityId,
        object? before, object? after, DateTimeOffset at) =>
        db.AuditEntries.Add(new AuditEntry(actor, action, entityType, entityId,
            before is null ? null : JsonSerializer.Serialize(before, PortalEvent.PayloadJson),
            after is null ? null : JsonSerializer.Serialize(after, PortalEvent.PayloadJson),
            at));

    /// <summary>Adds an event for <paramref name="audiences"/> to the pending change; it is pushed after the commit.</summary>
    public static PortalEvent Emit<TData>(this PortalDbContext db, string type, IEnumerable<string> audiences, TData data, DateTimeOffset at)
    {
        var portalEvent = PortalEvent.Create(type, audiences, data, at);
        db.PortalEvents.Add(portalEvent);
        return portalEvent;
    }

    /// <summary>
    /// The newest committed sequence. A query reads it before its data, so anything committed
    /// afterwards arrives as an event: the data is never behind the sequence reported with it.
    /// </summary>
    public static async Task<long> CurrentSequenceAsync(this PortalDbContext db, CancellationToken cancellationToken) =>
        await db.PortalEvents.MaxAsync(e => (long?)e.Sequence, cancellationToken) ?? 0;
}
