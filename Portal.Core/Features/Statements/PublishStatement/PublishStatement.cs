using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Persistence;

namespace Portal.Core.Features.Statements;

/// <param name="PublishAt">Null to publish now; a later time to have the portal publish it then.</param>
public sealed record PublishStatementRequest(int Id, DateTimeOffset? PublishAt = null, int? ExpectedVersion = null);

/// <summary>Publishes an approved statement now, or schedules it; the portal publishes scheduled ones on time, even after a restart.</summary>
public sealed class PublishStatement(IDbContextFactory<PortalDbContext> dbFactory, PortalEventStream stream, TimeProvider clock)
{
    public Task<SavedStatement> HandleAsync(PublishStatementRequest request, Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Require(PortalRoles.Publisher);
        var now = clock.GetUtcNow();
        if (request.PublishAt is { } publishAt)
        {
            return StatementChanges.ApplyAsync(dbFactory, stream, request.Id, request.ExpectedVersion, actor, "statement.scheduled",
                (_, statement) => statement.Schedule(publishAt, actor.Name, now), now, cancellationToken);
        }

        return StatementChanges.ApplyAsync(dbFactory, stream, request.Id, request.ExpectedVersion, actor, "statement.published",
            (db, statement) =>
            {
                statement.Publish(actor.Name, now);
                StatementChanges.EmitPublished(db, statement, PortalEventTypes.StatementPublished, now);
            }, now, cancellationToken);
    }
}
