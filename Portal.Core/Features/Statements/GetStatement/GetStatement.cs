using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Persistence;

namespace Portal.Core.Features.Statements;

public sealed record StatementDetail(
    long Sequence,
    int Id,
    string Title,
    string Html,
    StatementState State,
    string? IncidentTitle,
    DateTimeOffset PublishedAt,
    DateTimeOffset UpdatedAt,
    bool PublishedWithoutSecondApproval,
    DateTimeOffset? WithdrawnAt,
    string? WithdrawalReason,
    IReadOnlyList<StatementRevisionView> Revisions,
    IReadOnlyList<LinkedSystem> LinkedSystems,
    string? WithdrawnByRole = null);

public sealed record StatementRevisionView(int Number, string Title, string Html, DateTimeOffset CreatedAt);

public sealed record LinkedSystem(string Slug, string Name, SystemStatus Status);

/// <summary>
/// A statement's permalink. Null when it does not exist, is not yet published, or the viewer may
/// not see it: all three answer "not found", so ids confirm nothing.
/// </summary>
public sealed class GetStatement(IDbContextFactory<PortalDbContext> dbFactory, StatementImageHosts imageHosts)
{
    public async Task<StatementDetail?> HandleAsync(int id, Viewer viewer, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var sequence = await db.LatestVisibleSequenceAsync(viewer.Audiences, cancellationToken);
        var statement = await db.Statements.AsNoTracking()
            .VisibleTo(viewer)
            .Include(s => s.Revisions)
            .Where(s => s.Id == id
                && (s.State == StatementState.Published || s.State == StatementState.Withdrawn))
            .SingleOrDefaultAsync(cancellationToken);
        if (statement is null)
        {
            return null;
        }

        var incidentTitle = statement.IncidentId is { } incidentId
            ? await db.Incidents.VisibleTo(viewer).Where(i => i.Id == incidentId)
                .Select(i => i.Title).SingleOrDefaultAsync(cancellationToken)
            : null;

        var linkedIds = statement.LinkedSystemIds;
        var linkedSystems = await db.EstateSystems.AsNoTracking()
            .VisibleTo(viewer)
            .Where(s => linkedIds.Contains(s.Id))
            .OrderBy(s => s.Name)
            .Select(s => new LinkedSystem(s.Slug, s.Name, s.Status))
            .ToListAsync(cancellationToken);

        var current = statement.Current;
        return new StatementDetail(
            sequence,
            statement.Id,
            current.Title,
            StatementMarkdown.ToSafeHtml(current.BodyMarkdown, imageHosts),
            statement.State,
            incidentTitle,
            statement.PublishedAt ?? statement.UpdatedAt,
            statement.UpdatedAt,
            statement.BreakGlassReason is not null,
            statement.WithdrawnAt,
            statement.WithdrawalReason,
            [.. statement.Revisions.OrderByDescending(r => r.Number)
                .Select(r => new StatementRevisionView(r.Number, r.Title, StatementMarkdown.ToSafeHtml(r.BodyMarkdown, imageHosts), r.CreatedAt))],
            linkedSystems,
            statement.WithdrawnByRole);
    }
}
