using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Core.Features.Audiences;
using Portal.Core.Features.Systems;
using Portal.Web.Accounts;
using Portal.Web.Components.Pages.Admin.Shared;

namespace Portal.Web.Components.Pages.Admin.Estate;

public sealed partial class EstatePage
{
    private ConsoleEstate? _estate;
    private IReadOnlyList<AudienceOption> _audiences = [];
    private EstateForm _open;
    private ConsoleSystemGroup? _group;
    private ConsoleSystem? _system;
    private ConsoleProblem? _problem;

    private enum EstateForm
    {
        None,
        Group,
        System,
    }

    [Inject] private GetEstateForConsole GetEstate { get; set; } = null!;

    [Inject] private GetAudiences GetAudiences { get; set; } = null!;

    [Inject] private CreateSystemGroup CreateSystemGroup { get; set; } = null!;

    [Inject] private UpdateSystemGroup UpdateSystemGroup { get; set; } = null!;

    [Inject] private CreateSystem CreateSystem { get; set; } = null!;

    [Inject] private UpdateSystem UpdateSystem { get; set; } = null!;

    [Inject] private StaffActor Staff { get; set; } = null!;

    [Inject] private ISnackbar Snackbar { get; set; } = null!;

    private int NextGroupOrder => _estate!.Groups.Select(g => g.DisplayOrder).DefaultIfEmpty().Max() + 1;

    private int NextSystemOrder => _estate!.Systems.Select(s => s.DisplayOrder).DefaultIfEmpty().Max() + 1;

    protected override async Task OnInitializedAsync() => _audiences = await GetAudiences.HandleAsync();

    protected override async Task LoadAsync() => _estate = await GetEstate.HandleAsync();

    private List<ConsoleSystem> SystemsIn(ConsoleSystemGroup group) => [.. _estate!.Systems.Where(s => s.GroupId == group.Id)];

    private void AddGroup() => Open(EstateForm.Group, null, null);

    private void EditGroup(ConsoleSystemGroup group) => Open(EstateForm.Group, group, null);

    private void AddSystem() => Open(EstateForm.System, null, null);

    private void EditSystem(ConsoleSystem system) => Open(EstateForm.System, null, system);

    private void Close() => Open(EstateForm.None, null, null);

    private void Open(EstateForm form, ConsoleSystemGroup? group, ConsoleSystem? system)
    {
        _open = form;
        _group = group;
        _system = system;
        _problem = null;
    }

    private async Task SaveGroupAsync(GroupFields fields)
    {
        var editing = _group;
        _problem = await ConsoleActions.TryAsync(async () =>
        {
            var actor = await Staff.GetAsync();
            if (editing is null)
            {
                await CreateSystemGroup.HandleAsync(new CreateSystemGroupRequest(fields.Name, fields.DisplayOrder), actor);
            }
            else
            {
                await UpdateSystemGroup.HandleAsync(new UpdateSystemGroupRequest(editing.Id, fields.Name, fields.DisplayOrder), actor);
            }
        });
        await AfterSaveAsync($"Saved the group {fields.Name.Trim()}.");
    }

    private async Task SaveSystemAsync(SystemFields fields)
    {
        var editing = _system;
        _problem = await ConsoleActions.TryAsync(async () =>
        {
            var actor = await Staff.GetAsync();
            if (editing is null)
            {
                await CreateSystem.HandleAsync(new CreateSystemRequest(
                    fields.Slug, fields.Name, fields.Description, fields.GroupId, fields.DisplayOrder, [.. fields.Audiences],
                    fields.RestartPhaseId), actor);
            }
            else
            {
                await UpdateSystem.HandleAsync(new UpdateSystemRequest(
                    editing.Slug, fields.Name, fields.Description, fields.GroupId, fields.DisplayOrder, [.. fields.Audiences],
                    fields.RestartPhaseId, editing.Version), actor);
            }
        });
        await AfterSaveAsync($"Saved {fields.Name.Trim()}.");
        if (_problem is { IsConflict: true } && editing is not null)
        {
            // The form keeps what was typed; the next save is checked against the version just loaded.
            _system = _estate!.Systems.SingleOrDefault(s => s.Slug == editing.Slug) ?? editing;
        }
    }

    private async Task AfterSaveAsync(string notice)
    {
        if (_problem is null)
        {
            Close();
            Snackbar.Add(notice, Severity.Success);
        }

        if (_problem is null or { IsConflict: true })
        {
            await LoadAsync();
        }
    }
}
