using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Portal.Core.Features;
using Portal.Core.Persistence;

namespace Portal.Core.Events;

/// <summary>
/// A change that needs more than one save inside its transaction (typically: insert a new entity to
/// learn its id, then audit it). Events added by any save are pushed only after
/// <see cref="CommitAsync"/>; disposing without committing rolls everything back.
/// </summary>
public sealed class PortalChange : IAsyncDisposable
{
    private readonly PortalDbContext _db;
    private readonly PortalEventStream _stream;
    private readonly IDbContextTransaction _transaction;
    private readonly List<PortalEvent> _events = [];

    private PortalChange(PortalDbContext db, PortalEventStream stream, IDbContextTransaction transaction)
    {
        _db = db;
        _stream = stream;
        _transaction = transaction;
    }

    public static async Task<PortalChange> BeginAsync(PortalDbContext db, PortalEventStream stream, CancellationToken cancellationToken) =>
        new(db, stream, await db.Database.BeginTransactionAsync(cancellationToken));

    /// <summary>Saves what is pending so far, inside the transaction.</summary>
    public async Task SaveAsync(CancellationToken cancellationToken)
    {
        _events.AddRange(_db.ChangeTracker.Entries<PortalEvent>()
            .Where(entry => entry.State == EntityState.Added)
            .Select(entry => entry.Entity));
        try
        {
            await _db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConcurrencyConflictException(PortalChanges.ConcurrencyMessage);
        }
    }

    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        await SaveAsync(cancellationToken);
        await _transaction.CommitAsync(cancellationToken);
        _stream.Publish(_events);
    }

    public ValueTask DisposeAsync() => _transaction.DisposeAsync();
}
