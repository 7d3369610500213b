using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Persistence;

namespace Portal.Core.Features.Statements;

/// <summary>
/// An administrator publishes a pending amendment without a second person's approval, giving a
/// reason. The audit log flags it (action <c>statement.amended.break-glass</c>) and the statement's
/// page says it was published without a second approval.
/// </summary>
public sealed class BreakGlassPublishAmendment(IDbContextFactory<PortalDbContext> dbFactory, PortalEventStream stream, TimeProvider clock)
{
    public const string AuditAction = "statement.amended.break-glass";

    public Task<SavedStatement> HandleAsync(BreakGlassPublishRequest request, Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Require(PortalRoles.Admin);
        var now = clock.GetUtcNow();
        return StatementChanges.ApplyAsync(dbFactory, stream, request.Id, request.ExpectedVersion, actor, AuditAction,
            (db, statement) =>
            {
                statement.PublishAmendmentBreakingGlass(actor.Name, request.Reason, now);
                StatementChanges.EmitPublished(db, statement, PortalEventTypes.StatementAmended, now);
            }, now, cancellationToken);
    }
}
