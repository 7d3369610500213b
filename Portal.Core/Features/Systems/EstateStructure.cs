using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Persistence;

namespace Portal.Core.Features.Systems;

/// <summary>What the use cases that shape the estate (systems and their groups) check and record alike.</summary>
internal static class EstateStructure
{
    /// <summary>The group a system is to be listed under; a missing one is a mistake in the request, not a missing page.</summary>
    public static async Task<SystemGroup> GroupAsync(PortalDbContext db, int groupId, CancellationToken cancellationToken) =>
        await db.SystemGroups.SingleOrDefaultAsync(g => g.Id == groupId, cancellationToken)
            ?? throw new DomainException($"There is no system group {groupId}.");

    public static async Task CheckPhaseAsync(PortalDbContext db, int? phaseId, CancellationToken cancellationToken)
    {
        if (phaseId is { } id && !await db.RestartPhases.AnyAsync(p => p.Id == id, cancellationToken))
        {
            throw new DomainException($"There is no restart phase {id}.");
        }
    }

    /// <summary>Refuses a group name another group already has, before the unique index would.</summary>
    public static async Task CheckGroupNameIsFreeAsync(PortalDbContext db, SystemGroup group, CancellationToken cancellationToken)
    {
        if (await db.SystemGroups.AnyAsync(g => g.Name == group.Name && g.Id != group.Id, cancellationToken))
        {
            throw new DomainException($"There is already a system group called '{group.Name}'.");
        }
    }

    public static object Snapshot(EstateSystem system) =>
        new
        {
            system.Slug,
            system.Name,
            system.Description,
            system.GroupId,
            system.DisplayOrder,
            Audiences = system.Audiences.ToList(),
            system.RestartPhaseId,
        };

    public static object Snapshot(SystemGroup group) => new { group.Name, group.DisplayOrder };
}
