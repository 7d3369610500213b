using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Persistence;

namespace Portal.Core.Features.Statements;

/// <summary>
/// Publishes every approved statement whose scheduled time has come. Each statement is its own
/// transaction, so one that fails does not hold back the others. Scheduled times live in the
/// database, so statements due while the portal was stopped are published when it starts.
/// </summary>
public sealed class PublishDueStatements(
    IDbContextFactory<PortalDbContext> dbFactory,
    PortalEventStream stream,
    TimeProvider clock,
    ILogger<PublishDueStatements> logger)
{
    public async Task<int> HandleAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        List<int> due;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            due = await db.Statements
                .Where(s => s.State == StatementState.Approved && s.ScheduledFor != null && s.ScheduledFor <= now)
                .OrderBy(s => s.ScheduledFor)
                .Select(s => s.Id)
                .ToListAsync(cancellationToken);
        }

        var published = 0;
        foreach (var id in due)
        {
            try
            {
                await StatementChanges.ApplyAsync(dbFactory, stream, id, null, Actor.System, "statement.published.scheduled",
                    (db, statement) =>
                    {
                        statement.PublishAsScheduled(now);
                        StatementChanges.EmitPublished(db, statement, PortalEventTypes.StatementPublished, now);
                    }, now, cancellationToken);
                published++;
            }
            catch (Exception exception) when (exception is DomainException or ConcurrencyConflictException)
            {
                // Someone edited or published it meanwhile; the next round sees the new state.
                logger.LogWarning("Scheduled statement {StatementId} was not published: {Reason}", id, exception.Message);
            }
        }

        return published;
    }
}
