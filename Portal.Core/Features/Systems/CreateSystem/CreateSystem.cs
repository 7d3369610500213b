using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Events.Payloads;
using Portal.Core.Persistence;

namespace Portal.Core.Features.Systems;

/// <param name="Slug">Lower-case words and hyphens, unique; it becomes the system's page address and cannot be changed later.</param>
public sealed record CreateSystemRequest(
    string Slug,
    string Name,
    string Description,
    int GroupId,
    int DisplayOrder,
    IReadOnlyList<string> Audiences,
    int? RestartPhaseId = null);

/// <summary>
/// Adds a system to the estate, operational until an operator says otherwise. Its audiences receive
/// <see cref="PortalEventTypes.EstateUpdated"/> with <see cref="SystemUpdatedData"/>.
/// </summary>
public sealed class CreateSystem(
    IDbContextFactory<PortalDbContext> dbFactory,
    PortalEventStream stream,
    TimeProvider clock)
{
    public async Task<SystemUpdatedData> HandleAsync(
        CreateSystemRequest request,
        Actor actor,
        CancellationToken cancellationToken = default)
    {
        actor.Require(PortalRoles.Admin);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var group = await EstateStructure.GroupAsync(db, request.GroupId, cancellationToken);
        await EstateStructure.CheckPhaseAsync(db, request.RestartPhaseId, cancellationToken);
        var audiences = await db.KnownAsync(request.Audiences, cancellationToken);

        var now = clock.GetUtcNow();
        var system = new EstateSystem(request.Slug, request.Name, request.Description, group, request.DisplayOrder, audiences, now);
        if (request.RestartPhaseId is not null)
        {
            system.AssignToPhase(request.RestartPhaseId);
        }

        // Checked here rather than left to the unique index, so the person reads why, not a database error.
        if (await db.EstateSystems.AnyAsync(s => s.Slug == system.Slug, cancellationToken))
        {
            throw new DomainException($"There is already a system '{system.Slug}'. Choose another slug.");
        }

        await using var transaction = await db.InsertAsync(system, cancellationToken);
        var data = SystemUpdatedData.From(system);
        db.Audit(actor, "system.created", nameof(EstateSystem), system.Slug, null, EstateStructure.Snapshot(system), now);
        db.Emit(PortalEventTypes.EstateUpdated, system.Audiences, data, now);
        await db.CommitAsync(stream, cancellationToken);
        return data;
    }
}
