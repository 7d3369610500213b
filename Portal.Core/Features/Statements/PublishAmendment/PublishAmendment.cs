using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Persistence;

namespace Portal.Core.Features.Statements;

/// <summary>
/// Makes an approved amendment the statement's new revision: viewers read it from now on, with the
/// earlier text in its history, and receive <see cref="PortalEventTypes.StatementAmended"/>.
/// </summary>
public sealed class PublishAmendment(IDbContextFactory<PortalDbContext> dbFactory, PortalEventStream stream, TimeProvider clock)
{
    public const string AuditAction = "statement.amended";

    public Task<SavedStatement> HandleAsync(StatementActionRequest request, Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Require(PortalRoles.Publisher);
        var now = clock.GetUtcNow();
        return StatementChanges.ApplyAsync(dbFactory, stream, request.Id, request.ExpectedVersion, actor, AuditAction,
            (db, statement) =>
            {
                statement.PublishAmendment(actor.Name, now);
                StatementChanges.EmitPublished(db, statement, PortalEventTypes.StatementAmended, now);
            }, now, cancellationToken);
    }
}
