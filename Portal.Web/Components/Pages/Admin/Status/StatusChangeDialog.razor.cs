using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Core.Features.Systems;
using Portal.Web.Accounts;
using Portal.Web.Components.Pages.Admin.Shared;

namespace Portal.Web.Components.Pages.Admin.Status;

/// <summary>
/// Moves one system, or several at once, to a new status through Core. The versions the operator
/// saw go with the change: if someone changed a system meanwhile, the dialog says so, keeps what
/// was typed, and the next save uses the fresh versions.
/// </summary>
public sealed partial class StatusChangeDialog
{
    private readonly StatusChangeModel _model = new();
    private ConsoleProblem? _problem;
    private bool _saving;
    private Dictionary<string, int> _versions = [];

    [CascadingParameter] private IMudDialogInstance Dialog { get; set; } = null!;

    [Parameter, EditorRequired] public required IReadOnlyList<ConsoleSystem> Systems { get; set; }

    [Inject] private ChangeSystemStatus ChangeOne { get; set; } = null!;

    [Inject] private ChangeSystemStatuses ChangeMany { get; set; } = null!;

    [Inject] private GetEstateForConsole GetEstate { get; set; } = null!;

    [Inject] private StaffActor Staff { get; set; } = null!;

    private string Title => Systems.Count == 1 ? $"Change status: {Systems[0].Name}" : $"Change status of {Systems.Count} systems";

    private string SaveLabel => Systems.Count == 1 ? "Save status" : $"Save for {Systems.Count} systems";

    protected override void OnInitialized()
    {
        _versions = Systems.ToDictionary(s => s.Slug, s => s.Version);
        if (Systems.Count == 1)
        {
            var system = Systems[0];
            _model.Status = system.Status;
            _model.Workaround = system.Workaround;
            _model.ExpectedRestorationDate = system.ExpectedRestorationAt?.UtcDateTime.Date;
            _model.ExpectedRestorationTime = system.ExpectedRestorationAt?.UtcDateTime.TimeOfDay;
        }
    }

    private async Task SaveAsync()
    {
        _saving = true;
        var actor = await Staff.GetAsync();
        _problem = await ConsoleActions.TryAsync(() => Systems.Count == 1
            ? ChangeOne.HandleAsync(new ChangeSystemStatusRequest(Systems[0].Slug, _model.Status, _model.Reason, _model.Workaround,
                _model.ExpectedRestorationAt, _versions[Systems[0].Slug]), actor)
            : ChangeMany.HandleAsync(new ChangeSystemStatusesRequest([.. Systems.Select(s => s.Slug)], _model.Status, _model.Reason,
                _model.Workaround, _model.ExpectedRestorationAt, _versions), actor));
        _saving = false;

        if (_problem is null)
        {
            Dialog.Close(DialogResult.Ok(Systems.Count));
        }
        else if (_problem.IsConflict)
        {
            // Keep the operator's words; save next time against what is there now.
            var estate = await GetEstate.HandleAsync();
            _versions = estate.Systems.Where(s => _versions.ContainsKey(s.Slug)).ToDictionary(s => s.Slug, s => s.Version);
        }
    }

    private void Cancel() => Dialog.Cancel();
}
