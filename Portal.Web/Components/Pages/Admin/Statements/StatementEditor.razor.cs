using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.AspNetCore.Components.Routing;
using MudBlazor;
using Portal.Core.Domain;
using Portal.Core.Features.Audiences;
using Portal.Core.Features.Audit;
using Portal.Core.Features.Incidents;
using Portal.Core.Features.Statements;
using Portal.Core.Features.Systems;
using Portal.Web.Accounts;
using Portal.Web.Components.Pages.Admin.Shared;

namespace Portal.Web.Components.Pages.Admin.Statements;

/// <summary>
/// Composes a statement with a live preview and moves it through its workflow. Every action goes
/// through a Core use case with the version the person saw; when someone else saved first, the
/// person's text stays in the form and the other version is shown beside it.
/// </summary>
public sealed partial class StatementEditor
{
    private StatementEditorModel _model = new();
    private EditContext _editContext = null!;
    private EditableStatement? _existing;
    private EditableStatement? _theirs;
    private IReadOnlyList<AuditEntryView> _trail = [];
    private IReadOnlyList<AudienceOption> _audiences = [];
    private IReadOnlyList<ConsoleIncident> _incidents = [];
    private IReadOnlyList<ConsoleSystem> _systems = [];
    private IReadOnlyList<StatementTemplateView> _templates = [];
    private List<BreadcrumbItem> _breadcrumbs = [];
    private int? _templateId;
    private ConsoleProblem? _problem;
    private bool _busy;
    private bool _loaded;
    private int? _openedId;

    [Parameter] public int? Id { get; set; }

    [Inject] private GetStatementForEditing GetStatement { get; set; } = null!;

    [Inject] private GetAudiences GetAudiences { get; set; } = null!;

    [Inject] private GetIncidentsForConsole GetIncidents { get; set; } = null!;

    [Inject] private GetEstateForConsole GetEstate { get; set; } = null!;

    [Inject] private GetStatementTemplates GetTemplates { get; set; } = null!;

    [Inject] private GetAuditLog GetAuditLog { get; set; } = null!;

    [Inject] private SaveStatementDraft SaveDraft { get; set; } = null!;

    [Inject] private SubmitStatement Submit { get; set; } = null!;

    [Inject] private ApproveStatement Approve { get; set; } = null!;

    [Inject] private PublishStatement Publish { get; set; } = null!;

    [Inject] private BreakGlassPublish BreakGlass { get; set; } = null!;

    [Inject] private SubmitAmendment SubmitAmendment { get; set; } = null!;

    [Inject] private ApproveAmendment ApproveAmendment { get; set; } = null!;

    [Inject] private PublishAmendment PublishAmendment { get; set; } = null!;

    [Inject] private BreakGlassPublishAmendment BreakGlassAmendment { get; set; } = null!;

    [Inject] private WithdrawStatement Withdraw { get; set; } = null!;

    [Inject] private StaffActor Staff { get; set; } = null!;

    [Inject] private NavigationManager Navigation { get; set; } = null!;

    [Inject] private ISnackbar Snackbar { get; set; } = null!;

    [Inject] private IDialogService Dialogs { get; set; } = null!;

    private bool IsAmending => _existing?.Summary.State == StatementState.Published;

    private bool IsReadOnly => _existing?.Summary.State == StatementState.Withdrawn;

    /// <summary>The form holds words, audiences or links the saved statement does not (a new statement is saved by leaving it blank).</summary>
    private bool HasUnsavedChanges => _loaded && _existing is not null && !IsReadOnly && !_model.SameAs(FromStatement(_existing));

    private async Task ConfirmLeavingAsync(LocationChangingContext context)
    {
        if (!HasUnsavedChanges)
        {
            return;
        }

        var leave = await Dialogs.ShowMessageBoxAsync(
            "Leave without saving?",
            $"Your changes to “{_existing!.Summary.Title}” are not saved and will be lost.",
            yesText: "Leave and lose the changes", cancelText: "Stay on this page");
        if (leave != true)
        {
            context.PreventNavigation();
        }
    }

    /// <summary>
    /// "Publish now" and break glass put the words in front of viewers at once: the person confirms,
    /// reading which audiences receive it, and that changes on the page not yet saved are not part of it.
    /// </summary>
    private async Task<bool> ConfirmPublishingAsync(StatementActionRequestFromUi request)
    {
        if (request.Action is not (StatementAction.Publish or StatementAction.BreakGlass) || request.PublishAt is not null || _existing is null)
        {
            return true;
        }

        var audiences = string.Join(", ", _existing.Summary.Audiences
            .Select(key => _audiences.FirstOrDefault(a => a.Key == key)?.Name ?? key));
        var unsaved = HasUnsavedChanges
            ? " Your changes on this page are not saved and are not part of it: what was approved is published."
            : "";
        var publish = await Dialogs.ShowMessageBoxAsync(
            "Publish now?",
            $"“{_existing.Summary.Title}” goes to {audiences} now; they see it at once.{unsaved}",
            yesText: $"Publish to {audiences}", cancelText: "Cancel");
        return publish == true;
    }

    protected override async Task LoadAsync()
    {
        _audiences = await GetAudiences.HandleAsync();
        _incidents = await GetIncidents.HandleAsync();
        _systems = (await GetEstate.HandleAsync()).Systems;
        _templates = await GetTemplates.HandleAsync();
        if (_loaded && _openedId == Id)
        {
            await FollowAsync();
        }
        else
        {
            await OpenAsync();
        }
    }

    /// <summary>Fills the form from the statement as saved (or empty for a new one).</summary>
    private async Task OpenAsync()
    {
        _openedId = Id;
        _model = new StatementEditorModel();
        if (Id is { } id)
        {
            _existing = await GetStatement.HandleAsync(id);
            if (_existing is null)
            {
                Navigation.NotFound();
                return;
            }

            _model = FromStatement(_existing);
            await ReadTrailAsync(id);
        }

        _editContext = new EditContext(_model);
        _breadcrumbs = [new("Statements", "/admin/statements"), new(_existing?.Summary.Title ?? "New", null, disabled: true)];
        _loaded = true;
    }

    /// <summary>
    /// Someone else changed the statement while it is open: show its new state and the actions that
    /// now fit. The form keeps what the person typed; if they typed nothing, it shows the latest words,
    /// and if they did and the words changed too, the other version is shown beside theirs.
    /// </summary>
    private async Task FollowAsync()
    {
        if (Id is not { } id || _existing is null || await GetStatement.HandleAsync(id) is not { } latest
            || latest.Summary.Version == _existing.Summary.Version)
        {
            return;
        }

        if (_model.SameAs(FromStatement(_existing)))
        {
            _model = FromStatement(latest);
            _editContext = new EditContext(_model);
        }
        else if (FromStatement(latest) is var theirs && (theirs.Title != _model.Title || theirs.Body != _model.Body)
            && !theirs.SameAs(FromStatement(_existing)))
        {
            _theirs = latest;
        }

        _existing = latest;
        await ReadTrailAsync(id);
    }

    private async Task ReadTrailAsync(int id) =>
        _trail = (await GetAuditLog.HandleAsync(new AuditFilter(EntityType: nameof(Statement), EntityId: id.ToString(System.Globalization.CultureInfo.InvariantCulture)))).Entries;

    /// <summary>The form holds a pending amendment's words when there is one: that is what an approver approves.</summary>
    private static StatementEditorModel FromStatement(EditableStatement statement) => new()
    {
        Title = statement.Amendment?.Title ?? statement.Summary.Title,
        Body = statement.Amendment?.BodyMarkdown ?? statement.BodyMarkdown,
        Audiences = [.. statement.Summary.Audiences],
        IncidentId = statement.IncidentId,
        LinkedSystemIds = [.. statement.LinkedSystemIds],
    };

    private void UseTemplate(int? templateId)
    {
        _templateId = templateId;
        if (_templates.FirstOrDefault(t => t.Id == templateId) is { } template)
        {
            _model.Title = template.Title;
            _model.Body = template.BodyMarkdown;
            _model.Audiences = [.. template.Audiences];
        }
    }

    private static void Toggle<T>(ISet<T> set, T value, bool on)
    {
        if (on)
        {
            set.Add(value);
        }
        else
        {
            set.Remove(value);
        }
    }

    /// <summary>The form's own submit: save the draft, or submit an amendment of a published statement for approval.</summary>
    private Task SaveAsync() => RunAsync(IsAmending ? StatementAction.Amend : StatementAction.Save);

    private async Task RunAsync(StatementActionRequestFromUi request)
    {
        if (request.Action is StatementAction.Save or StatementAction.Submit or StatementAction.Amend && !_editContext.Validate())
        {
            return;
        }

        if (!await ConfirmPublishingAsync(request))
        {
            return;
        }

        _busy = true;
        var actor = await Staff.GetAsync();
        var version = _existing?.Summary.Version;
        SavedStatement? saved = null;
        _problem = await ConsoleActions.TryAsync(async () => saved = request.Action switch
        {
            StatementAction.Save => await SaveDraft.HandleAsync(DraftRequest(version), actor),
            StatementAction.Submit => await SubmitAfterSavingAsync(actor, version),
            StatementAction.Approve => await Approve.HandleAsync(new StatementActionRequest(Id!.Value, version), actor),
            StatementAction.Publish => await Publish.HandleAsync(new PublishStatementRequest(Id!.Value, request.PublishAt, version), actor),
            StatementAction.BreakGlass => await BreakGlass.HandleAsync(new BreakGlassPublishRequest(Id!.Value, request.Reason ?? "", version), actor),
            StatementAction.Amend => await SubmitAmendment.HandleAsync(new SubmitAmendmentRequest(Id!.Value, _model.Title, _model.Body, version), actor),
            StatementAction.ApproveAmendment => await ApproveAmendment.HandleAsync(new StatementActionRequest(Id!.Value, version), actor),
            StatementAction.PublishAmendment => await PublishAmendment.HandleAsync(new StatementActionRequest(Id!.Value, version), actor),
            StatementAction.BreakGlassAmendment => await BreakGlassAmendment.HandleAsync(new BreakGlassPublishRequest(Id!.Value, request.Reason ?? "", version), actor),
            StatementAction.Withdraw => await Withdraw.HandleAsync(new WithdrawStatementRequest(Id!.Value, request.Reason ?? "", version), actor),
            _ => throw new ArgumentOutOfRangeException(nameof(request)),
        });
        _busy = false;

        if (_problem is { IsConflict: true } && Id is { } id)
        {
            // Keep what the person typed; show theirs beside it and act on the latest version next time.
            _theirs = await GetStatement.HandleAsync(id);
            _existing = _theirs;
            return;
        }

        if (_problem is null && saved is not null)
        {
            _theirs = null;
            Snackbar.Add(Describe(request.Action, saved), Severity.Success);
            if (Id != saved.Id)
            {
                Navigation.NavigateTo($"/admin/statements/{saved.Id}");
                return;
            }

            await OpenAsync();
        }
    }

    private SaveStatementDraftRequest DraftRequest(int? version) =>
        new(Id, _model.Title, _model.Body, [.. _model.Audiences], _model.IncidentId, [.. _model.LinkedSystemIds], version);

    /// <summary>Submitting saves the words on screen first, so what is approved is what was shown.</summary>
    private async Task<SavedStatement> SubmitAfterSavingAsync(Actor actor, int? version)
    {
        var saved = await SaveDraft.HandleAsync(DraftRequest(version), actor);
        return await Submit.HandleAsync(new StatementActionRequest(saved.Id, saved.Version), actor);
    }

    private static string Describe(StatementAction action, SavedStatement saved) => action switch
    {
        StatementAction.Save => "Draft saved.",
        StatementAction.Submit => "Submitted: an approver can now approve it.",
        StatementAction.Approve => "Approved: a publisher can now publish it.",
        StatementAction.Publish when saved.State == StatementState.Approved => "Scheduled: the portal will publish it at the chosen time.",
        StatementAction.Publish or StatementAction.BreakGlass => "Published: viewers see it now.",
        StatementAction.Amend => "Amendment submitted: viewers still read the published text until someone else approves the amendment and it is published.",
        StatementAction.ApproveAmendment => "Amendment approved: a publisher can now publish it.",
        StatementAction.PublishAmendment or StatementAction.BreakGlassAmendment => "Amendment published: viewers see the new revision.",
        StatementAction.Withdraw => "Withdrawn: it stays visible, marked withdrawn.",
        _ => "Done.",
    };
}
