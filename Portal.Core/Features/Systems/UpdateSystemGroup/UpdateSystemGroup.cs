using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Events.Payloads;
using Portal.Core.Persistence;

namespace Portal.Core.Features.Systems;

public sealed record UpdateSystemGroupRequest(int Id, string Name, int DisplayOrder);

/// <summary>Renames a group or moves it on the board.</summary>
public sealed class UpdateSystemGroup(
    IDbContextFactory<PortalDbContext> dbFactory,
    PortalEventStream stream,
    TimeProvider clock)
{
    public async Task<SystemGroupUpdatedData> HandleAsync(
        UpdateSystemGroupRequest request,
        Actor actor,
        CancellationToken cancellationToken = default)
    {
        actor.Require(PortalRoles.Admin);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var group = await db.SystemGroups.SingleOrDefaultAsync(g => g.Id == request.Id, cancellationToken)
            ?? throw new NotFoundException($"There is no system group {request.Id}.");

        var now = clock.GetUtcNow();
        var before = EstateStructure.Snapshot(group);
        group.Update(request.Name, request.DisplayOrder);
        await EstateStructure.CheckGroupNameIsFreeAsync(db, group, cancellationToken);

        var data = new SystemGroupUpdatedData(group.Id, group.Name, group.DisplayOrder);
        db.Audit(actor, "system.group.updated", nameof(SystemGroup), group.Id.ToString(CultureInfo.InvariantCulture), before,
            EstateStructure.Snapshot(group), now);
        db.Emit(PortalEventTypes.EstateUpdated, [Audience.Public], data, now);
        await db.CommitAsync(stream, cancellationToken);
        return data;
    }
}
