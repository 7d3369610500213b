using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Persistence;

namespace Portal.Core.Features.Incidents;

/// <summary>What the incident use cases check and record alike.</summary>
internal static class IncidentChecks
{
    public static async Task CheckSystemsExistAsync(PortalDbContext db, IReadOnlyList<int> systemIds, CancellationToken cancellationToken)
    {
        var wanted = systemIds.Distinct().ToList();
        var found = await db.EstateSystems.Where(s => wanted.Contains(s.Id)).Select(s => s.Id).ToListAsync(cancellationToken);
        var missing = wanted.Except(found).ToList();
        if (missing.Count > 0)
        {
            throw new DomainException($"There is no system {string.Join(", ", missing)} to mark as affected.");
        }
    }

    public static object Snapshot(Incident incident) =>
        new
        {
            incident.Title,
            incident.State,
            incident.Impact,
            Audiences = incident.Audiences.ToList(),
            AffectedSystemIds = incident.AffectedSystemIds.ToList(),
            incident.ResolvedAt,
        };
}
