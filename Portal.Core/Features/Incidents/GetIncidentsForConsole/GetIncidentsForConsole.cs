using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Persistence;

namespace Portal.Core.Features.Incidents;

public sealed record ConsoleIncident(
    int Id,
    string Title,
    IncidentState State,
    IncidentImpact Impact,
    IReadOnlyList<string> Audiences,
    IReadOnlyList<int> AffectedSystemIds,
    DateTimeOffset StartedAt,
    DateTimeOffset UpdatedAt,
    int Version);

/// <summary>
/// Every incident for the admin console, open ones first, newest first within each. Not filtered by
/// viewer: the console's pages are only for staff, so never use it to answer a viewer.
/// </summary>
public sealed class GetIncidentsForConsole(IDbContextFactory<PortalDbContext> dbFactory)
{
    public async Task<IReadOnlyList<ConsoleIncident>> HandleAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var incidents = await db.Incidents.AsNoTracking()
            .OrderBy(i => i.State == IncidentState.Resolved).ThenByDescending(i => i.StartedAt)
            .ToListAsync(cancellationToken);
        return [.. incidents.Select(i => new ConsoleIncident(
            i.Id, i.Title, i.State, i.Impact, i.Audiences, i.AffectedSystemIds, i.StartedAt, i.UpdatedAt, i.Version))];
    }
}
