using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Persistence;

namespace Portal.Core.Features.Statements;

/// <summary>A statement as the API answers it to the program that drafted it; systems by slug.</summary>
/// <param name="Version">The concurrency version: the API answers it as the statement's ETag.</param>
public sealed record ApiStatement(
    int Id,
    string Title,
    string BodyMarkdown,
    IReadOnlyList<string> Audiences,
    int? IncidentId,
    IReadOnlyList<string> Systems,
    StatementState State,
    string Author,
    DateTimeOffset UpdatedAt,
    int Version);

/// <summary>
/// One statement for the API. A key with the statements:draft scope reads only the statements it
/// drafted itself (whatever their state), so it can follow its drafts to publication; any other
/// statement is as if it did not exist.
/// </summary>
public sealed class GetStatementForApi(IDbContextFactory<PortalDbContext> dbFactory)
{
    public async Task<ApiStatement?> HandleAsync(int id, Actor actor, CancellationToken cancellationToken = default)
    {
        actor.RequireRoleOrScope(PortalRoles.Publisher, ApiScopes.StatementsDraft);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var statement = await db.Statements.AsNoTracking().Include(s => s.Revisions).SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (statement is null || (actor.ApiKey is not null && !string.Equals(statement.Author, actor.Name, StringComparison.Ordinal)))
        {
            return null;
        }

        var slugs = await db.EstateSystems.AsNoTracking().Where(s => statement.LinkedSystemIds.Contains(s.Id))
            .Select(s => s.Slug).ToListAsync(cancellationToken);
        return new ApiStatement(statement.Id, statement.Title, statement.BodyMarkdown, statement.Audiences, statement.IncidentId, slugs,
            statement.State, statement.Author, statement.UpdatedAt, statement.Version);
    }
}
