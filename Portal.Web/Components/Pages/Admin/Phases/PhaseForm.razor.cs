using Microsoft.AspNetCore.Components;
using Portal.Core.Events.Payloads;
using Portal.Core.Features.Audiences;
using Portal.Core.Features.Phases;
using Portal.Web.Accounts;
using Portal.Web.Components.Pages.Admin.Shared;

namespace Portal.Web.Components.Pages.Admin.Phases;

/// <summary>
/// Creates a restart phase, or edits one against the version the operator opened. When someone
/// else saved the phase meanwhile, the form says what they saved, keeps what was typed, and the
/// next save goes against their version.
/// </summary>
public sealed partial class PhaseForm
{
    private PhaseModel _model = new();
    private int _version;
    private ConsolePhase? _theirs;
    private ConsoleProblem? _problem;
    private bool _saving;

    /// <summary>The phase to edit, as the operator saw it; none to create a new one.</summary>
    [Parameter] public ConsolePhase? Phase { get; set; }

    [Parameter, EditorRequired] public required IReadOnlyList<AudienceOption> Audiences { get; set; }

    /// <summary>The number a new phase starts with: the next one after the last.</summary>
    [Parameter] public int SuggestedNumber { get; set; } = 1;

    /// <summary>Receives what to tell the operator once the phase is saved.</summary>
    [Parameter] public EventCallback<string> OnSaved { get; set; }

    [Parameter] public EventCallback OnCancel { get; set; }

    [Inject] private CreateRestartPhase Create { get; set; } = null!;

    [Inject] private UpdateRestartPhase Update { get; set; } = null!;

    [Inject] private GetPhasesForConsole GetPhases { get; set; } = null!;

    [Inject] private StaffActor Staff { get; set; } = null!;

    protected override void OnInitialized()
    {
        _model = Phase is null ? new PhaseModel { Number = SuggestedNumber } : PhaseModel.From(Phase);
        _version = Phase?.Version ?? 0;
    }

    private async Task SaveAsync()
    {
        _saving = true;
        var actor = await Staff.GetAsync();
        PhaseUpdatedData? saved = null;
        _problem = await ConsoleActions.TryAsync(async () => saved = Phase is null
            ? await Create.HandleAsync(_model.ToCreateRequest(), actor)
            : await Update.HandleAsync(_model.ToUpdateRequest(Phase.Id, _version), actor));
        _saving = false;

        if (saved is not null)
        {
            await OnSaved.InvokeAsync(Phase is null
                ? $"Phase {saved.Number}, {saved.Name}, is created and planned."
                : $"Phase {saved.Number}, {saved.Name}, is saved.");
        }
        else if (_problem is { IsConflict: true } && Phase is not null)
        {
            _theirs = (await GetPhases.HandleAsync(actor)).Phases.FirstOrDefault(p => p.Id == Phase.Id);
            _version = _theirs?.Version ?? _version;
        }
    }
}
