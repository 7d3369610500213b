using Portal.Core.Domain;

namespace Portal.Core.Features.Phases;

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
