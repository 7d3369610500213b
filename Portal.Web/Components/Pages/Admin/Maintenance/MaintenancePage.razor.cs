using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Core.Features.Audiences;
using Portal.Core.Features.MaintenanceWindows;
using Portal.Core.Features.Systems;
using Portal.Web.Accounts;

namespace Portal.Web.Components.Pages.Admin.Maintenance;

/// <summary>
/// Maintenance windows for operators: what is upcoming or under way first, soonest first; then
/// what has ended or was cancelled, marked as such. Operators schedule, edit and cancel windows
/// here; each change goes through Core with the version the operator saw.
/// </summary>
public sealed partial class MaintenancePage
{
    private MaintenanceForConsole? _windows;
    private ConsoleEstate? _estate;
    private IReadOnlyList<AudienceOption> _audiences = [];
    private bool _creating;
    private int? _editingId;
    private int? _cancellingId;

    [Inject] private GetMaintenanceForConsole GetWindows { get; set; } = null!;

    [Inject] private GetEstateForConsole GetEstate { get; set; } = null!;

    [Inject] private GetAudiences GetAudiences { get; set; } = null!;

    [Inject] private StaffActor Staff { get; set; } = null!;

    [Inject] private ISnackbar Snackbar { get; set; } = null!;

    private IEnumerable<WindowSection> Sections
    {
        get
        {
            var windows = _windows?.Windows ?? [];
            yield return new WindowSection("Upcoming and active", "current-windows", "No maintenance is planned.", IsPast: false,
                [.. windows.Where(w => w.IsUpcoming || w.IsActive).OrderBy(w => w.StartsAt).ThenBy(w => w.Id)]);
            yield return new WindowSection("Past and cancelled", "past-windows", "No window has ended or been cancelled yet.", IsPast: true,
                [.. windows.Where(w => !w.IsUpcoming && !w.IsActive)]);
        }
    }

    protected override async Task OnInitializedAsync() => _audiences = await GetAudiences.HandleAsync();

    protected override async Task LoadAsync()
    {
        _windows = await GetWindows.HandleAsync(await Staff.GetAsync());
        _estate = await GetEstate.HandleAsync();
    }

    /// <summary>Upcoming and active are decided by Core at the time of reading, so a window that starts or ends moves on the next tick.</summary>
    protected override async Task OnClockTickAsync()
    {
        await LoadAsync();
        StateHasChanged();
    }

    private void StartCreating()
    {
        CloseForms();
        _creating = true;
    }

    private void Edit(ConsoleMaintenance window)
    {
        CloseForms();
        _editingId = window.Id;
    }

    private void StartCancelling(ConsoleMaintenance window)
    {
        CloseForms();
        _cancellingId = window.Id;
    }

    private void CloseForms()
    {
        _creating = false;
        _editingId = null;
        _cancellingId = null;
    }

    private async Task SavedAsync(string notice)
    {
        CloseForms();
        Snackbar.Add(notice, Severity.Success);
        await LoadAsync();
    }

    private sealed record WindowSection(string Title, string TestId, string WhenEmpty, bool IsPast, IReadOnlyList<ConsoleMaintenance> Windows);
}
