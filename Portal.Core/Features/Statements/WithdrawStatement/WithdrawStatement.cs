using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Events.Payloads;
using Portal.Core.Persistence;

namespace Portal.Core.Features.Statements;

public sealed record WithdrawStatementRequest(int Id, string Reason, int? ExpectedVersion = null);

/// <summary>
/// Withdraws a published statement with a reason; it stays readable, marked withdrawn (when, and by
/// a publisher). One person may withdraw: it removes words and adds none. Audited as <c>statement.withdrawn</c>.
/// </summary>
public sealed class WithdrawStatement(IDbContextFactory<PortalDbContext> dbFactory, PortalEventStream stream, TimeProvider clock)
{
    public Task<SavedStatement> HandleAsync(WithdrawStatementRequest request, Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Require(PortalRoles.Publisher);
        var now = clock.GetUtcNow();
        return StatementChanges.ApplyAsync(dbFactory, stream, request.Id, request.ExpectedVersion, actor, "statement.withdrawn",
            (db, statement) =>
            {
                statement.Withdraw(request.Reason, actor.Name, PortalRoles.Publisher, now);
                db.Emit(PortalEventTypes.StatementWithdrawn, statement.Audiences,
                    new StatementWithdrawnData(statement.Id, statement.Title, now, statement.WithdrawalReason!), now);
            }, now, cancellationToken);
    }
}
