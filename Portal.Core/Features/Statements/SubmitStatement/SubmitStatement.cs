using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Persistence;

namespace Portal.Core.Features.Statements;

public sealed record StatementActionRequest(int Id, int? ExpectedVersion = null);

/// <summary>Hands a draft to the approvers.</summary>
public sealed class SubmitStatement(IDbContextFactory<PortalDbContext> dbFactory, PortalEventStream stream, TimeProvider clock)
{
    public Task<SavedStatement> HandleAsync(StatementActionRequest request, Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Require(PortalRoles.Publisher);
        var now = clock.GetUtcNow();
        return StatementChanges.ApplyAsync(dbFactory, stream, request.Id, request.ExpectedVersion, actor, "statement.submitted",
            (_, statement) => statement.Submit(now), now, cancellationToken);
    }
}
