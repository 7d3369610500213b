using Portal.Core.Domain;

namespace Portal.Core.Events.Payloads;

/// <summary>
/// The payload of a <see cref="PortalEventTypes.PhaseUpdated"/> event. It names no systems: some of
/// a phase's systems may be hidden from some of the phase's audiences.
/// </summary>
public sealed record PhaseUpdatedData(
    int Id,
    int Number,
    string Name,
    RestartPhaseState State,
    DateTimeOffset? ExpectedStart,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt)
{
    internal static PhaseUpdatedData From(RestartPhase phase) =>
        new(phase.Id, phase.Number, phase.Name, phase.State, phase.ExpectedStart, phase.StartedAt, phase.CompletedAt);
}
