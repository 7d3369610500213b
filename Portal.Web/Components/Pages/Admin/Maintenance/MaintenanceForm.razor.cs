using Microsoft.AspNetCore.Components;
using Portal.Core.Events.Payloads;
using Portal.Core.Features.Audiences;
using Portal.Core.Features.MaintenanceWindows;
using Portal.Core.Features.Systems;
using Portal.Web.Accounts;
using Portal.Web.Components.Pages.Admin.Shared;

namespace Portal.Web.Components.Pages.Admin.Maintenance;

/// <summary>
/// Schedules a maintenance window, or edits one against the version the operator opened. When
/// someone else saved the window meanwhile, the form says what they saved, keeps what was typed,
/// and the next save goes against their version.
/// </summary>
public sealed partial class MaintenanceForm
{
    private MaintenanceModel _model = new();
    private int _version;
    private ConsoleMaintenance? _theirs;
    private ConsoleProblem? _problem;
    private bool _saving;

    /// <summary>The window to edit, as the operator saw it; none to schedule a new one.</summary>
    [Parameter] public ConsoleMaintenance? Window { get; set; }

    [Parameter, EditorRequired] public required IReadOnlyList<AudienceOption> Audiences { get; set; }

    /// <summary>The estate, for choosing the affected systems.</summary>
    [Parameter, EditorRequired] public required ConsoleEstate Estate { get; set; }

    /// <summary>Receives what to tell the operator once the window is saved.</summary>
    [Parameter] public EventCallback<string> OnSaved { get; set; }

    [Parameter] public EventCallback OnCancel { get; set; }

    [Inject] private ScheduleMaintenance Schedule { get; set; } = null!;

    [Inject] private UpdateMaintenance Update { get; set; } = null!;

    [Inject] private GetMaintenanceForConsole GetWindows { get; set; } = null!;

    [Inject] private StaffActor Staff { get; set; } = null!;

    [Inject] private TimeProvider Clock { get; set; } = null!;

    protected override void OnInitialized()
    {
        _model = Window is null ? MaintenanceModel.Starting(Clock.GetUtcNow()) : MaintenanceModel.From(Window);
        _version = Window?.Version ?? 0;
    }

    private async Task SaveAsync()
    {
        _saving = true;
        var actor = await Staff.GetAsync();
        MaintenanceUpdatedData? saved = null;
        _problem = await ConsoleActions.TryAsync(async () => saved = Window is null
            ? await Schedule.HandleAsync(_model.ToScheduleRequest(), actor)
            : await Update.HandleAsync(_model.ToUpdateRequest(Window.Id, _version), actor));
        _saving = false;

        if (saved is not null)
        {
            await OnSaved.InvokeAsync(Window is null ? $"“{_model.Title.Trim()}” is scheduled: viewers see it now." : $"“{_model.Title.Trim()}” is saved.");
        }
        else if (_problem is { IsConflict: true } && Window is not null)
        {
            _theirs = (await GetWindows.HandleAsync(actor)).Windows.FirstOrDefault(w => w.Id == Window.Id);
            _version = _theirs?.Version ?? _version;
        }
    }
}
