using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Events.Payloads;
using Portal.Core.Persistence;

namespace Portal.Core.Features.Systems;

public sealed record CreateSystemGroupRequest(string Name, int DisplayOrder);

/// <summary>Adds a heading that systems can be listed under.</summary>
public sealed class CreateSystemGroup(
    IDbContextFactory<PortalDbContext> dbFactory,
    PortalEventStream stream,
    TimeProvider clock)
{
    public async Task<SystemGroupUpdatedData> HandleAsync(
        CreateSystemGroupRequest request,
        Actor actor,
        CancellationToken cancellationToken = default)
    {
        actor.Require(PortalRoles.Admin);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var group = new SystemGroup(request.Name, request.DisplayOrder);
        await EstateStructure.CheckGroupNameIsFreeAsync(db, group, cancellationToken);

        var now = clock.GetUtcNow();
        await using var transaction = await db.InsertAsync(group, cancellationToken);
        var data = new SystemGroupUpdatedData(group.Id, group.Name, group.DisplayOrder);
        db.Audit(actor, "system.group.created", nameof(SystemGroup), group.Id.ToString(CultureInfo.InvariantCulture), null,
            EstateStructure.Snapshot(group), now);
        db.Emit(PortalEventTypes.EstateUpdated, [Audience.Public], data, now);
        await db.CommitAsync(stream, cancellationToken);
        return data;
    }
}
