using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Features.Board;
using Portal.Core.Persistence;

namespace Portal.Core.Features.Statements;

/// <param name="IncidentId">Only statements on this incident.</param>
/// <param name="SystemSlug">Only statements about this system.</param>
/// <param name="Page">1 for the newest <see cref="GetStatementArchive.PageSize"/> statements.</param>
public sealed record StatementArchiveRequest(int? IncidentId = null, string? SystemSlug = null, int Page = 1);

public sealed record ArchiveChoice(string Value, string Name);

/// <param name="Sequence">The event sequence the archive was read at (for live pages).</param>
/// <param name="Incidents">The incidents the viewer may filter by.</param>
/// <param name="Systems">The systems the viewer may filter by, by slug.</param>
public sealed record StatementArchive(
    long Sequence,
    IReadOnlyList<StatementSummary> Statements,
    int Page,
    int PageCount,
    int Total,
    IReadOnlyList<ArchiveChoice> Incidents,
    IReadOnlyList<ArchiveChoice> Systems);

/// <summary>
/// Every published (and withdrawn) statement the viewer may see, newest first, a page at a time, optionally
/// only those on one incident or about one system. Only incidents and systems the viewer may see can be
/// filtered by: a filter naming any other finds nothing, so it tells nothing about what it names.
/// </summary>
public sealed class GetStatementArchive(IDbContextFactory<PortalDbContext> dbFactory)
{
    public const int PageSize = 20;

    public async Task<StatementArchive> HandleAsync(StatementArchiveRequest request, Viewer viewer, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var sequence = await db.LatestVisibleSequenceAsync(viewer.Audiences, cancellationToken);

        var incidents = await db.Incidents.AsNoTracking().VisibleTo(viewer)
            .OrderByDescending(i => i.StartedAt)
            .Select(i => new { i.Id, i.Title })
            .ToListAsync(cancellationToken);
        var systems = await db.EstateSystems.AsNoTracking().VisibleTo(viewer)
            .OrderBy(s => s.Name)
            .Select(s => new { s.Id, s.Slug, s.Name })
            .ToListAsync(cancellationToken);

        var statements = db.Statements.AsNoTracking()
            .VisibleTo(viewer)
            .Where(s => s.State == StatementState.Published || s.State == StatementState.Withdrawn);
        var filterFindsNothing = false;
        if (request.IncidentId is { } incidentId)
        {
            filterFindsNothing |= incidents.All(i => i.Id != incidentId);
            statements = statements.Where(s => s.IncidentId == incidentId);
        }

        if (request.SystemSlug is { Length: > 0 } slug)
        {
            var system = systems.FirstOrDefault(s => string.Equals(s.Slug, slug, StringComparison.OrdinalIgnoreCase));
            filterFindsNothing |= system is null;
            var systemId = system?.Id ?? 0;
            statements = statements.Where(s => s.LinkedSystemIds.Contains(systemId));
        }

        var total = filterFindsNothing ? 0 : await statements.CountAsync(cancellationToken);
        var pageCount = Math.Max(1, (total + PageSize - 1) / PageSize);
        var page = Math.Clamp(request.Page, 1, pageCount);
        List<Statement> found = total == 0 ? [] : await statements
            .OrderByDescending(s => s.PublishedAt).ThenByDescending(s => s.Id)
            .Skip((page - 1) * PageSize)
            .Take(PageSize)
            .Include(s => s.Revisions)
            .ToListAsync(cancellationToken);

        return new StatementArchive(
            sequence,
            [.. found.Select(StatementSummaries.From)],
            page,
            pageCount,
            total,
            [.. incidents.Select(i => new ArchiveChoice(i.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), i.Title))],
            [.. systems.Select(s => new ArchiveChoice(s.Slug, s.Name))]);
    }
}
