using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Core.Features.Audiences;
using Portal.Core.Features.Incidents;
using Portal.Core.Features.Systems;
using Portal.Web.Accounts;
using Portal.Web.Components.Pages.Admin.Shared;

namespace Portal.Web.Components.Pages.Admin.Incidents;

public sealed partial class IncidentsPage
{
    private IReadOnlyList<ConsoleIncident>? _incidents;
    private IReadOnlyList<AudienceOption> _audiences = [];
    private IReadOnlyList<ConsoleSystem> _systems = [];
    private List<Choice<int>> _systemChoices = [];
    private bool _isFormOpen;
    private ConsoleIncident? _editing;
    private ConsoleProblem? _problem;

    [Inject] private GetIncidentsForConsole GetIncidents { get; set; } = null!;

    [Inject] private GetEstateForConsole GetEstate { get; set; } = null!;

    [Inject] private GetAudiences GetAudiences { get; set; } = null!;

    [Inject] private CreateIncident CreateIncident { get; set; } = null!;

    [Inject] private UpdateIncident UpdateIncident { get; set; } = null!;

    [Inject] private StaffActor Staff { get; set; } = null!;

    [Inject] private ISnackbar Snackbar { get; set; } = null!;

    protected override async Task OnInitializedAsync() => _audiences = await GetAudiences.HandleAsync();

    protected override async Task LoadAsync()
    {
        var estate = await GetEstate.HandleAsync();
        var groupNames = estate.Groups.ToDictionary(g => g.Id, g => g.Name);
        _systems = estate.Systems;
        _systemChoices = [.. estate.Systems.Select(s => new Choice<int>(s.Id, s.Name, groupNames.GetValueOrDefault(s.GroupId)))];
        _incidents = await GetIncidents.HandleAsync();
    }

    private string AffectedNames(ConsoleIncident incident, int most)
    {
        // In board order, as the affected systems appear everywhere else.
        var names = _systems.Where(s => incident.AffectedSystemIds.Contains(s.Id)).Select(s => s.Name).ToList();
        return names.Count switch
        {
            0 => "None",
            _ when names.Count <= most => string.Join(", ", names),
            _ => $"{string.Join(", ", names.Take(most))} and {names.Count - most} more",
        };
    }

    private void Open() => Show(true, null);

    private void Edit(ConsoleIncident incident) => Show(true, incident);

    private void Close() => Show(false, null);

    private void Show(bool isFormOpen, ConsoleIncident? editing)
    {
        _isFormOpen = isFormOpen;
        _editing = editing;
        _problem = null;
    }

    private async Task SaveAsync(IncidentFields fields)
    {
        var editing = _editing;
        _problem = await ConsoleActions.TryAsync(async () =>
        {
            var actor = await Staff.GetAsync();
            if (editing is null)
            {
                await CreateIncident.HandleAsync(new CreateIncidentRequest(
                    fields.Title, fields.Impact!.Value, [.. fields.Audiences], [.. fields.AffectedSystemIds]), actor);
            }
            else
            {
                await UpdateIncident.HandleAsync(new UpdateIncidentRequest(
                    editing.Id, fields.Title, fields.Impact!.Value, fields.State, [.. fields.Audiences], [.. fields.AffectedSystemIds],
                    editing.Version), actor);
            }
        });

        if (_problem is null)
        {
            Close();
            Snackbar.Add($"Saved {fields.Title.Trim()}.", Severity.Success);
        }

        if (_problem is null or { IsConflict: true })
        {
            _incidents = await GetIncidents.HandleAsync();
        }

        if (_problem is { IsConflict: true } && editing is not null)
        {
            // The form keeps what was typed; the next save is checked against the version just loaded.
            _editing = _incidents!.SingleOrDefault(i => i.Id == editing.Id) ?? editing;
        }
    }
}
