using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Persistence;

namespace Portal.Core.Features.Statements;

public sealed record ConsoleStatement(
    int Id,
    string Title,
    StatementState State,
    IReadOnlyList<string> Audiences,
    string Author,
    string LastEditedBy,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? PublishedAt,
    DateTimeOffset? ScheduledFor,
    string? ApprovedBy,
    bool BrokeGlass,
    int RevisionCount,
    int Version,
    AmendmentState? Amendment = null);

/// <summary>Every statement in every state, for the communications team; drafts awaiting action first.</summary>
public sealed class GetStatementsForConsole(IDbContextFactory<PortalDbContext> dbFactory)
{
    public async Task<IReadOnlyList<ConsoleStatement>> HandleAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var statements = await db.Statements.AsNoTracking().Include(s => s.Revisions).ToListAsync(cancellationToken);
        return
        [
            .. statements
                .OrderBy(s => s.State switch
                {
                    StatementState.Submitted => 0,
                    StatementState.Approved => 1,
                    StatementState.Draft => 2,
                    _ when s.AmendmentState is not null => 2,
                    _ => 3,
                })
                .ThenByDescending(s => s.UpdatedAt)
                .Select(ToConsole),
        ];
    }

    internal static ConsoleStatement ToConsole(Statement s) =>
        new(s.Id, s.Title, s.State, s.Audiences, s.Author, s.Current.CreatedBy, s.UpdatedAt, s.PublishedAt, s.ScheduledFor,
            s.ApprovedBy, s.BreakGlassReason is not null, s.Revisions.Count, s.Version, s.AmendmentState);
}

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
