using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Events.Payloads;
using Portal.Core.Persistence;

namespace Portal.Core.Features.Phases;

/// <param name="ExpectedVersion">The version the operator edited; when stale, the change is refused.</param>
public sealed record UpdateRestartPhaseRequest(
    int Id,
    int Number,
    string Name,
    string Description,
    IReadOnlyList<string> Audiences,
    DateTimeOffset? ExpectedStart,
    int ExpectedVersion);

/// <summary>Changes a phase's number, name, description, audiences or expected start (not its state).</summary>
public sealed class UpdateRestartPhase(
    IDbContextFactory<PortalDbContext> dbFactory,
    PortalEventStream stream,
    TimeProvider clock)
{
    public async Task<PhaseUpdatedData> HandleAsync(
        UpdateRestartPhaseRequest request,
        Actor actor,
        CancellationToken cancellationToken = default)
    {
        actor.Require(PortalRoles.Operator);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var phase = await db.RestartPhases.SingleOrDefaultAsync(p => p.Id == request.Id, cancellationToken)
            ?? throw new NotFoundException($"There is no restart phase {request.Id}.");
        if (request.ExpectedVersion != phase.Version)
        {
            throw new ConcurrencyConflictException(
                $"{PhaseAudit.Describe(phase)} was changed by someone else while you were editing it "
                + $"(it is now {PhaseAudit.Describe(phase.State)}). Review the latest version and save again.");
        }

        var audiences = await db.KnownAsync(request.Audiences, cancellationToken);
        if (request.Number != phase.Number)
        {
            var holder = await db.RestartPhases.Where(p => p.Number == request.Number).Select(p => p.Name)
                .FirstOrDefaultAsync(cancellationToken);
            if (holder is not null)
            {
                throw new DomainException($"There is already a phase {request.Number} ({holder}). Choose another number.");
            }
        }

        var now = clock.GetUtcNow();
        var before = PhaseAudit.Snapshot(phase);
        var audiencesBefore = phase.Audiences.ToList();
        phase.Update(request.Number, request.Name, request.Description, audiences, request.ExpectedStart);

        var data = PhaseUpdatedData.From(phase);
        db.Audit(actor, "phase.updated", PhaseAudit.EntityType, phase.Id.ToString(CultureInfo.InvariantCulture),
            before, PhaseAudit.Snapshot(phase), now);
        // Viewers who lose sight of it are told only that it is gone.
        db.EmitToKeptAndLostAudiences(PortalEventTypes.PhaseUpdated, phase.Id, audiencesBefore, phase.Audiences, data, now);
        await db.CommitAsync(stream, cancellationToken);
        return data;
    }
}
