using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Persistence;

namespace Portal.Core.Features.Statements;

public sealed record BreakGlassPublishRequest(int Id, string Reason, int? ExpectedVersion = null);

/// <summary>
/// An administrator publishes without a second person's approval, giving a reason. The audit log
/// flags it (action <c>statement.published.break-glass</c>) and the statement's page says so.
/// </summary>
public sealed class BreakGlassPublish(IDbContextFactory<PortalDbContext> dbFactory, PortalEventStream stream, TimeProvider clock)
{
    public const string AuditAction = "statement.published.break-glass";

    public Task<SavedStatement> HandleAsync(BreakGlassPublishRequest request, Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Require(PortalRoles.Admin);
        var now = clock.GetUtcNow();
        return StatementChanges.ApplyAsync(dbFactory, stream, request.Id, request.ExpectedVersion, actor, AuditAction,
            (db, statement) =>
            {
                statement.PublishBreakingGlass(actor.Name, request.Reason, now);
                StatementChanges.EmitPublished(db, statement, PortalEventTypes.StatementPublished, now);
            }, now, cancellationToken);
    }
}
