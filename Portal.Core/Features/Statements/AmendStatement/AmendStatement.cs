using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Persistence;

namespace Portal.Core.Features.Statements;

public sealed record AmendStatementRequest(int Id, string Title, string BodyMarkdown, int? ExpectedVersion = null);

/// <summary>Adds a revision to a published statement; viewers see it as updated, with the earlier text in its history.</summary>
public sealed class AmendStatement(IDbContextFactory<PortalDbContext> dbFactory, PortalEventStream stream, TimeProvider clock)
{
    public Task<SavedStatement> HandleAsync(AmendStatementRequest request, Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Require(PortalRoles.Publisher);
        var now = clock.GetUtcNow();
        return StatementChanges.ApplyAsync(dbFactory, stream, request.Id, request.ExpectedVersion, actor, "statement.amended",
            (db, statement) =>
            {
                statement.Amend(request.Title, request.BodyMarkdown, actor.Name, now);
                StatementChanges.EmitPublished(db, statement, PortalEventTypes.StatementAmended, now);
            }, now, cancellationToken);
    }
}
