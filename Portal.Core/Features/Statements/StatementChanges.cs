using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Events.Payloads;
using Portal.Core.Features.Board;
using Portal.Core.Persistence;

namespace Portal.Core.Features.Statements;

/// <summary>What every statement use case shares: loading with a version check, audit snapshots and event payloads.</summary>
internal static class StatementChanges
{
    public static async Task<Statement> LoadAsync(PortalDbContext db, int id, int? expectedVersion, CancellationToken cancellationToken)
    {
        var statement = await db.Statements.Include(s => s.Revisions).SingleOrDefaultAsync(s => s.Id == id, cancellationToken)
            ?? throw new NotFoundException($"There is no statement {id}.");
        if (expectedVersion is { } expected && expected != statement.Version)
        {
            throw new ConcurrencyConflictException(
                $"“{statement.Title}” was changed by someone else: it is now {statement.State.ToString().ToLowerInvariant()}, "
                + $"last changed {statement.UpdatedAt:d MMM HH:mm} UTC. Your text is kept; review the latest version and try again.");
        }

        return statement;
    }

    public static object Snapshot(Statement statement) => new
    {
        statement.State,
        statement.Title,
        statement.Audiences,
        revision = statement.Current.Number,
        statement.ApprovedBy,
        statement.ScheduledFor,
        statement.BreakGlassReason,
        statement.WithdrawalReason,
        statement.WithdrawnByRole,
        statement.AmendmentState,
        statement.AmendmentTitle,
        statement.AmendmentBy,
        statement.AmendmentApprovedBy,
    };

    public static void EmitPublished(PortalDbContext db, Statement statement, string type, DateTimeOffset at) =>
        db.Emit(type, statement.Audiences, new StatementPublishedData(
            statement.Id,
            statement.Title,
            StatementSummaries.Excerpt(statement.BodyMarkdown),
            StatementMarkdown.ToSafeHtml(statement.BodyMarkdown),
            statement.Current.Number,
            statement.PublishedAt ?? at,
            statement.UpdatedAt), at);

    /// <summary>
    /// Loads the statement (refusing a stale <paramref name="expectedVersion"/>), applies
    /// <paramref name="change"/> (which may add events), audits it as <paramref name="action"/>,
    /// commits and pushes. The caller has already checked the actor's role.
    /// </summary>
    public static async Task<SavedStatement> ApplyAsync(
        IDbContextFactory<PortalDbContext> dbFactory,
        PortalEventStream stream,
        int id,
        int? expectedVersion,
        Actor actor,
        string action,
        Action<PortalDbContext, Statement> change,
        DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var statement = await LoadAsync(db, id, expectedVersion, cancellationToken);
        var before = Snapshot(statement);
        change(db, statement);
        await CommitAsync(db, stream, actor, action, statement, before, now, cancellationToken);
        return new SavedStatement(statement.Id, statement.Version, statement.State);
    }

    /// <summary>Audits the change from <paramref name="before"/>, then commits and pushes.</summary>
    public static Task CommitAsync(PortalDbContext db, PortalEventStream stream, Actor actor, string action, Statement statement,
        object? before, DateTimeOffset at, CancellationToken cancellationToken)
    {
        db.Audit(actor, action, nameof(Statement), statement.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            before, Snapshot(statement), at);
        return db.CommitAsync(stream, cancellationToken);
    }
}
