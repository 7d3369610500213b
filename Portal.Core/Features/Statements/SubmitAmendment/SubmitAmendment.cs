using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Persistence;

namespace Portal.Core.Features.Statements;

public sealed record SubmitAmendmentRequest(int Id, string Title, string BodyMarkdown, int? ExpectedVersion = null);

/// <summary>
/// Proposes new words for a published statement. Nothing changes for viewers: the published revision
/// stays live until someone other than the amendment's author approves it and a publisher publishes it.
/// </summary>
public sealed class SubmitAmendment(IDbContextFactory<PortalDbContext> dbFactory, PortalEventStream stream, TimeProvider clock)
{
    public const string AuditAction = "statement.amendment.submitted";

    public Task<SavedStatement> HandleAsync(SubmitAmendmentRequest request, Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Require(PortalRoles.Publisher);
        var now = clock.GetUtcNow();
        return StatementChanges.ApplyAsync(dbFactory, stream, request.Id, request.ExpectedVersion, actor, AuditAction,
            (_, statement) => statement.SubmitAmendment(request.Title, request.BodyMarkdown, actor.Name, now), now, cancellationToken);
    }
}
