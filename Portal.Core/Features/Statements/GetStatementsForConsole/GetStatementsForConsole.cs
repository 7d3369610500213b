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
