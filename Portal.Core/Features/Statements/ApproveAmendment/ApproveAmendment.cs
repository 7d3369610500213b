using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Persistence;

namespace Portal.Core.Features.Statements;

/// <summary>A second person approves a statement's pending amendment; its author never can.</summary>
public sealed class ApproveAmendment(IDbContextFactory<PortalDbContext> dbFactory, PortalEventStream stream, TimeProvider clock)
{
    public const string AuditAction = "statement.amendment.approved";

    public Task<SavedStatement> HandleAsync(StatementActionRequest request, Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Require(PortalRoles.Approver);
        var now = clock.GetUtcNow();
        return StatementChanges.ApplyAsync(dbFactory, stream, request.Id, request.ExpectedVersion, actor, AuditAction,
            (_, statement) => statement.ApproveAmendment(actor.Name, now), now, cancellationToken);
    }
}
