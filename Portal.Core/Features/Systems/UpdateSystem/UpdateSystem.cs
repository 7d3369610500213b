using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Events.Payloads;
using Portal.Core.Persistence;

namespace Portal.Core.Features.Systems;

/// <param name="Slug">Which system to change. A slug does not change: it is in page addresses and in other programs' references.</param>
/// <param name="ExpectedVersion">The version the administrator saw; when given and stale, the change is refused.</param>
public sealed record UpdateSystemRequest(
    string Slug,
    string Name,
    string Description,
    int GroupId,
    int DisplayOrder,
    IReadOnlyList<string> Audiences,
    int? RestartPhaseId = null,
    int? ExpectedVersion = null);

/// <summary>
/// Changes what a system is called, where it is listed, who may see it and which restart phase brings
/// it back. Its audiences receive <see cref="SystemUpdatedData"/>; audiences that lose sight of it
/// receive only <see cref="RemovedItemData"/>.
/// </summary>
public sealed class UpdateSystem(
    IDbContextFactory<PortalDbContext> dbFactory,
    PortalEventStream stream,
    TimeProvider clock)
{
    public async Task<SystemUpdatedData> HandleAsync(
        UpdateSystemRequest request,
        Actor actor,
        CancellationToken cancellationToken = default)
    {
        actor.Require(PortalRoles.Admin);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var system = await db.EstateSystems.Include(s => s.Group)
            .SingleOrDefaultAsync(s => s.Slug == request.Slug, cancellationToken)
            ?? throw new NotFoundException($"There is no system '{request.Slug}'.");
        if (request.ExpectedVersion is { } expected && expected != system.Version)
        {
            throw new ConcurrencyConflictException(
                $"{system.Name} was changed by someone else (it is now in {system.Group.Name}, seen by {string.Join(", ", system.Audiences)}). Review and save again.");
        }

        var group = await EstateStructure.GroupAsync(db, request.GroupId, cancellationToken);
        await EstateStructure.CheckPhaseAsync(db, request.RestartPhaseId, cancellationToken);
        var audiences = await db.KnownAsync(request.Audiences, cancellationToken);

        var now = clock.GetUtcNow();
        var before = EstateStructure.Snapshot(system);
        var audiencesBefore = system.Audiences.ToList();
        system.UpdateDetails(request.Name, request.Description, group, request.DisplayOrder, audiences);
        if (system.RestartPhaseId != request.RestartPhaseId)
        {
            system.AssignToPhase(request.RestartPhaseId);
        }

        var data = SystemUpdatedData.From(system);
        db.Audit(actor, "system.updated", nameof(EstateSystem), system.Slug, before, EstateStructure.Snapshot(system), now);
        db.EmitToKeptAndLostAudiences(PortalEventTypes.SystemUpdated, system.Id, audiencesBefore, system.Audiences, data, now);
        await db.CommitAsync(stream, cancellationToken);
        return data;
    }
}
