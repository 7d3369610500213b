using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Persistence;

namespace Portal.Core.Features.Statements;

public sealed record EditableStatement(
    ConsoleStatement Summary,
    string BodyMarkdown,
    int? IncidentId,
    IReadOnlyList<int> LinkedSystemIds,
    string? BreakGlassReason,
    string? WithdrawalReason,
    IReadOnlyList<StatementRevisionSource> Revisions,
    PendingAmendment? Amendment = null);

/// <summary>New words for a published statement that viewers do not read yet.</summary>
public sealed record PendingAmendment(
    AmendmentState State,
    string Title,
    string BodyMarkdown,
    string By,
    DateTimeOffset SubmittedAt,
    string? ApprovedBy);

public sealed record StatementRevisionSource(int Number, string Title, string BodyMarkdown, string CreatedBy, DateTimeOffset CreatedAt);

/// <summary>One statement with its source text, for the editor.</summary>
public sealed class GetStatementForEditing(IDbContextFactory<PortalDbContext> dbFactory)
{
    public async Task<EditableStatement?> HandleAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var statement = await db.Statements.AsNoTracking().Include(s => s.Revisions)
            .SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        return statement is null
            ? null
            : new EditableStatement(
                GetStatementsForConsole.ToConsole(statement),
                statement.BodyMarkdown,
                statement.IncidentId,
                statement.LinkedSystemIds,
                statement.BreakGlassReason,
                statement.WithdrawalReason,
                [.. statement.Revisions.OrderByDescending(r => r.Number)
                    .Select(r => new StatementRevisionSource(r.Number, r.Title, r.BodyMarkdown, r.CreatedBy, r.CreatedAt))],
                statement.AmendmentState is { } amendment
                    ? new PendingAmendment(amendment, statement.AmendmentTitle!, statement.AmendmentBodyMarkdown!, statement.AmendmentBy!,
                        statement.AmendmentSubmittedAt!.Value, statement.AmendmentApprovedBy)
                    : null);
    }
}
