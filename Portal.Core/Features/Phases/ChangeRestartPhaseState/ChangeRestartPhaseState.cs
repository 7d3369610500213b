using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Events.Payloads;
using Portal.Core.Persistence;

namespace Portal.Core.Features.Phases;

/// <param name="State">Where the phase goes: <see cref="RestartPhaseState.InProgress"/> or <see cref="RestartPhaseState.Complete"/>.</param>
/// <param name="ExpectedVersion">The version the operator saw; when given and stale, the change is refused.</param>
public sealed record ChangeRestartPhaseStateRequest(
    int Id,
    RestartPhaseState State,
    int? ExpectedVersion = null);

/// <summary>Starts or completes a phase; a phase never goes back to planned.</summary>
public sealed class ChangeRestartPhaseState(
    IDbContextFactory<PortalDbContext> dbFactory,
    PortalEventStream stream,
    TimeProvider clock)
{
    public async Task<PhaseUpdatedData> HandleAsync(
        ChangeRestartPhaseStateRequest request,
        Actor actor,
        CancellationToken cancellationToken = default)
    {
        actor.Require(PortalRoles.Operator);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var phase = await db.RestartPhases.SingleOrDefaultAsync(p => p.Id == request.Id, cancellationToken)
            ?? throw new NotFoundException($"There is no restart phase {request.Id}.");
        if (request.ExpectedVersion is { } expected && expected != phase.Version)
        {
            throw new ConcurrencyConflictException(
                $"{PhaseAudit.Describe(phase)} was changed by someone else (it is now {PhaseAudit.Describe(phase.State)}). "
                + "Review the latest version and try again.");
        }

        var now = clock.GetUtcNow();
        var before = PhaseAudit.Snapshot(phase);
        var action = request.State switch
        {
            RestartPhaseState.InProgress => Start(phase, now),
            RestartPhaseState.Complete => Complete(phase, now),
            RestartPhaseState.Planned => throw new DomainException("A phase cannot go back to planned once it has started."),
            _ => throw new DomainException($"'{request.State}' is not a phase state."),
        };

        var data = PhaseUpdatedData.From(phase);
        db.Audit(actor, action, PhaseAudit.EntityType, phase.Id.ToString(CultureInfo.InvariantCulture),
            before, PhaseAudit.Snapshot(phase), now);
        db.Emit(PortalEventTypes.PhaseUpdated, phase.Audiences, data, now);
        await db.CommitAsync(stream, cancellationToken);
        return data;
    }

    private static string Start(RestartPhase phase, DateTimeOffset now)
    {
        phase.Start(now);
        return "phase.started";
    }

    private static string Complete(RestartPhase phase, DateTimeOffset now)
    {
        phase.Complete(now);
        return "phase.completed";
    }
}
