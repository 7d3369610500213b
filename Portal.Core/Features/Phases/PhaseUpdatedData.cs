using Portal.Core.Domain;
using Portal.Core.Events;

namespace Portal.Core.Features.Phases;

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

internal static class PhaseAudit
{
    public const string EntityType = nameof(RestartPhase);

    public static object Snapshot(RestartPhase phase) =>
        new
        {
            phase.Number,
            phase.Name,
            phase.Description,
            Audiences = phase.Audiences.ToArray(),
            phase.State,
            phase.ExpectedStart,
            phase.StartedAt,
            phase.CompletedAt,
        };

    public static string Describe(RestartPhase phase) => $"Phase {phase.Number} ({phase.Name})";

    public static string Describe(RestartPhaseState state) => state switch
    {
        RestartPhaseState.Planned => "planned",
        RestartPhaseState.InProgress => "in progress",
        RestartPhaseState.Complete => "complete",
        _ => state.ToString(),
    };
}
