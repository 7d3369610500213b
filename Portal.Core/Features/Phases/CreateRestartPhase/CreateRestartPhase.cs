using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Events.Payloads;
using Portal.Core.Persistence;

namespace Portal.Core.Features.Phases;

public sealed record CreateRestartPhaseRequest(
    int Number,
    string Name,
    string Description,
    IReadOnlyList<string> Audiences,
    DateTimeOffset? ExpectedStart = null);

/// <summary>Adds a planned phase to the restart. Phase numbers are unique.</summary>
public sealed class CreateRestartPhase(
    IDbContextFactory<PortalDbContext> dbFactory,
    PortalEventStream stream,
    TimeProvider clock)
{
    public async Task<PhaseUpdatedData> HandleAsync(
        CreateRestartPhaseRequest request,
        Actor actor,
        CancellationToken cancellationToken = default)
    {
        actor.Require(PortalRoles.Operator);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var audiences = await db.KnownAsync(request.Audiences, cancellationToken);
        var phase = new RestartPhase(request.Number, request.Name, request.Description, audiences, request.ExpectedStart);

        // Opened before the duplicate check so that, on SQLite, no other writer can take the number
        // in between; the phase is saved inside it to learn the id its audit entry and event carry.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var holder = await db.RestartPhases.Where(p => p.Number == request.Number).Select(p => p.Name)
            .FirstOrDefaultAsync(cancellationToken);
        if (holder is not null)
        {
            throw new DomainException($"There is already a phase {request.Number} ({holder}). Choose another number.");
        }

        db.RestartPhases.Add(phase);
        await db.SaveChangesAsync(cancellationToken);

        var now = clock.GetUtcNow();
        var data = PhaseUpdatedData.From(phase);
        db.Audit(actor, "phase.created", PhaseAudit.EntityType, phase.Id.ToString(CultureInfo.InvariantCulture),
            null, PhaseAudit.Snapshot(phase), now);
        db.Emit(PortalEventTypes.PhaseUpdated, phase.Audiences, data, now);
        await db.CommitAsync(stream, cancellationToken);
        return data;
    }
}
