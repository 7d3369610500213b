using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Persistence;

namespace Portal.Core.Features.MaintenanceWindows;

internal static class MaintenanceRules
{
    public const string EntityType = nameof(Maintenance);

    public static object Snapshot(Maintenance window) =>
        new
        {
            window.Title,
            window.Description,
            window.StartsAt,
            window.EndsAt,
            Audiences = window.Audiences.ToArray(),
            AffectedSystemIds = window.AffectedSystemIds.ToArray(),
            window.CancelledAt,
        };

    /// <summary>What a window is now, for a person whose edit was overtaken by someone else's.</summary>
    public static string DescribeCurrent(Maintenance window) =>
        window.CancelledAt is { } cancelledAt
            ? $"it was cancelled at {cancelledAt:u}"
            : $"it now runs from {window.StartsAt:u} to {window.EndsAt:u}";

    /// <summary>Refuses ids of systems that do not exist, naming them.</summary>
    public static async Task<List<int>> RequireKnownSystemsAsync(
        this PortalDbContext db, IEnumerable<int> systemIds, CancellationToken cancellationToken)
    {
        var wanted = systemIds.Distinct().ToList();
        var known = await db.EstateSystems.Where(s => wanted.Contains(s.Id)).Select(s => s.Id).ToListAsync(cancellationToken);
        var unknown = wanted.Except(known).ToList();
        return unknown.Count switch
        {
            0 => wanted,
            1 => throw new DomainException($"There is no system with id {unknown[0]}."),
            _ => throw new DomainException($"There are no systems with ids {string.Join(", ", unknown)}."),
        };
    }

    /// <summary>A window that is over before it is saved tells nobody anything; it is almost always a mistyped date.</summary>
    public static void RefuseEndInThePast(DateTimeOffset endsAt, DateTimeOffset now)
    {
        if (endsAt <= now)
        {
            throw new DomainException($"The window would end at {endsAt:u}, which has already passed. Check the dates.");
        }
    }
}
