using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Persistence;

namespace Portal.Core.Features.Statements;

/// <param name="Id">Null to start a new draft; otherwise the statement to edit (before publication).</param>
public sealed record SaveStatementDraftRequest(
    int? Id,
    string Title,
    string BodyMarkdown,
    IReadOnlyList<string> Audiences,
    int? IncidentId,
    IReadOnlyList<int> LinkedSystemIds,
    int? ExpectedVersion = null);

public sealed record SavedStatement(int Id, int Version, StatementState State);

/// <summary>
/// Creates or edits a draft. Editing a submitted or approved statement sends it back to Draft. A
/// program with the statements:draft scope may edit only the drafts it wrote itself.
/// </summary>
public sealed class SaveStatementDraft(IDbContextFactory<PortalDbContext> dbFactory, PortalEventStream stream, TimeProvider clock)
{
    public async Task<SavedStatement> HandleAsync(SaveStatementDraftRequest request, Actor actor, CancellationToken cancellationToken = default)
    {
        actor.RequireRoleOrScope(PortalRoles.Publisher, ApiScopes.StatementsDraft);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await CheckReferencesAsync(db, request, cancellationToken);
        var now = clock.GetUtcNow();

        if (request.Id is { } id)
        {
            var existing = await StatementChanges.LoadAsync(db, id, request.ExpectedVersion, cancellationToken);
            actor.RequireMayDraft(existing);
            var before = StatementChanges.Snapshot(existing);
            existing.EditDraft(request.Title, request.BodyMarkdown, request.Audiences, request.IncidentId,
                request.LinkedSystemIds, actor.Name, now);
            await StatementChanges.CommitAsync(db, stream, actor, "statement.edited", existing, before, now, cancellationToken);
            return new SavedStatement(existing.Id, existing.Version, existing.State);
        }

        // A new draft is inserted first to learn its id for the audit entry, inside one transaction.
        var statement = new Statement(request.Title, request.BodyMarkdown, request.Audiences, request.IncidentId,
            request.LinkedSystemIds, actor.Name, now);
        await using var transaction = await db.InsertAsync(statement, cancellationToken);
        await StatementChanges.CommitAsync(db, stream, actor, "statement.drafted", statement, null, now, cancellationToken);
        return new SavedStatement(statement.Id, statement.Version, statement.State);
    }

    private static async Task CheckReferencesAsync(PortalDbContext db, SaveStatementDraftRequest request, CancellationToken cancellationToken)
    {
        if (request.IncidentId is { } incidentId && !await db.Incidents.AnyAsync(i => i.Id == incidentId, cancellationToken))
        {
            throw new DomainException("The chosen incident does not exist.");
        }

        var linked = request.LinkedSystemIds.Distinct().ToList();
        if (await db.EstateSystems.CountAsync(s => linked.Contains(s.Id), cancellationToken) != linked.Count)
        {
            throw new DomainException("One of the linked systems does not exist.");
        }

        var audiences = request.Audiences.Select(Audience.NormaliseKey).Distinct().ToList();
        var known = await db.Audiences.Where(a => audiences.Contains(a.Key)).CountAsync(cancellationToken);
        if (known != audiences.Count)
        {
            throw new DomainException("One of the chosen audiences does not exist.");
        }
    }
}
