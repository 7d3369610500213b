using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Persistence;

namespace Portal.Core.Features.Statements;

public sealed record StatementActionRequest(int Id, int? ExpectedVersion = null);

/// <summary>Hands a draft to the approvers; a program (statements:draft) only its own.</summary>
public sealed class SubmitStatement(IDbContextFactory<PortalDbContext> dbFactory, PortalEventStream stream, TimeProvider clock)
{
    public Task<SavedStatement> HandleAsync(StatementActionRequest request, Actor actor, CancellationToken cancellationToken = default)
    {
        actor.RequireRoleOrScope(PortalRoles.Publisher, ApiScopes.StatementsDraft);
        var now = clock.GetUtcNow();
        return StatementChanges.ApplyAsync(dbFactory, stream, request.Id, request.ExpectedVersion, actor, "statement.submitted",
            (_, statement) =>
            {
                actor.RequireMayDraft(statement);
                statement.Submit(now);
            }, now, cancellationToken);
    }
}
