using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Core.Domain;
using Portal.Core.Features.Audiences;
using Portal.Core.Features.Phases;
using Portal.Web.Accounts;
using Portal.Web.Components.Pages.Admin.Shared;

namespace Portal.Web.Components.Pages.Admin.Phases;

/// <summary>
/// The restart tracker for operators: every phase in order, with forms to create and edit phases
/// and buttons to start and complete them. State changes carry the version the operator saw, so a
/// phase someone else changed meanwhile is not moved on blindly. The list follows other
/// operators' changes live.
/// </summary>
public sealed partial class PhasesPage
{
    private PhasesForConsole? _phases;
    private IReadOnlyList<AudienceOption> _audiences = [];
    private bool _creating;
    private int? _editingId;
    private ConsoleProblem? _problem;
    private bool _busy;

    [Inject] private GetPhasesForConsole GetPhases { get; set; } = null!;

    [Inject] private GetAudiences GetAudiences { get; set; } = null!;

    [Inject] private ChangeRestartPhaseState ChangeState { get; set; } = null!;

    [Inject] private StaffActor Staff { get; set; } = null!;

    [Inject] private ISnackbar Snackbar { get; set; } = null!;

    private int NextNumber => _phases is { Phases.Count: > 0 } loaded ? loaded.Phases.Max(p => p.Number) + 1 : 1;

    protected override async Task OnInitializedAsync() => _audiences = await GetAudiences.HandleAsync();

    protected override async Task LoadAsync() => _phases = await GetPhases.HandleAsync(await Staff.GetAsync());

    private void StartCreating()
    {
        CloseForms();
        _creating = true;
    }

    private void Edit(ConsolePhase phase)
    {
        CloseForms();
        _editingId = phase.Id;
    }

    private void CloseForms()
    {
        _creating = false;
        _editingId = null;
        _problem = null;
    }

    private async Task SavedAsync(string notice)
    {
        CloseForms();
        Snackbar.Add(notice, Severity.Success);
        await LoadAsync();
    }

    private Task StartAsync(ConsolePhase phase) =>
        ChangeStateAsync(phase, RestartPhaseState.InProgress, $"Phase {phase.Number}, {phase.Name}, is in progress: viewers see it now.");

    private Task CompleteAsync(ConsolePhase phase) =>
        ChangeStateAsync(phase, RestartPhaseState.Complete, $"Phase {phase.Number}, {phase.Name}, is complete: viewers see it now.");

    /// <summary>Moves the phase on from the state the operator saw; if it changed meanwhile, says so and shows the latest.</summary>
    private async Task ChangeStateAsync(ConsolePhase phase, RestartPhaseState state, string done)
    {
        _busy = true;
        var actor = await Staff.GetAsync();
        _problem = await ConsoleActions.TryAsync(() =>
            ChangeState.HandleAsync(new ChangeRestartPhaseStateRequest(phase.Id, state, phase.Version), actor));
        _busy = false;
        if (_problem is null)
        {
            Snackbar.Add(done, Severity.Success);
        }

        await LoadAsync();
    }

    private static string StateName(RestartPhaseState state) => state switch
    {
        RestartPhaseState.InProgress => "In progress",
        RestartPhaseState.Complete => "Complete",
        _ => "Planned",
    };

    private static Color StateColor(RestartPhaseState state) => state switch
    {
        RestartPhaseState.InProgress => Color.Info,
        RestartPhaseState.Complete => Color.Success,
        _ => Color.Default,
    };
}
