using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using MudBlazor;
using Portal.Core.Domain;
using Portal.Core.Features.Audiences;
using Portal.Core.Features.Subscriptions;
using Portal.Core.Features.Systems;
using Portal.Web.Accounts;
using Portal.Web.Components.Pages.Admin.Shared;

namespace Portal.Web.Components.Pages.Admin.Subscribers;

/// <summary>
/// The Admin's subscribers: counts by channel and audience, the email subscribers (search, pages,
/// suspend, resume, delete), an import of an organisation's contacts from CSV, and the email delivery
/// log with failures first. Follows other Admins' changes and every delivery's outcome live.
/// </summary>
public sealed partial class SubscribersPage : IDisposable
{
    private const string Example = "email,name,audiences\npat@partsco.example,Pat Jones,Suppliers\nrio@northmotors.example,,Retailers;Suppliers";
    private const long MaxFileBytes = 1_000_000;

    private SubscribersForConsole? _subscribers;
    private IReadOnlyList<EmailDeliveryLogEntry>? _deliveries;
    private IReadOnlyList<AudienceOption> _audiences = [];
    private ImportModel _import = new();
    private ImportSubscribersResult? _importResult;
    private string? _search;
    private string? _searched;
    private int _page;
    private long? _suspending;
    private string? _suspendReason;
    private long? _deleting;
    private EmailSubscriberView? _editing;
    private SubscriberEdit _edit = new();
    private IReadOnlyList<Choice<int>> _systemChoices = [];
    private IReadOnlyList<Choice<int>> _groupChoices = [];
    private ConsoleProblem? _problem;
    private IDisposable? _activitySubscription;
    private bool _busy;

    [Inject] private GetSubscribers GetSubscribers { get; set; } = null!;

    [Inject] private GetEmailDeliveryLog GetDeliveryLog { get; set; } = null!;

    [Inject] private SuspendSubscription Suspend { get; set; } = null!;

    [Inject] private ResumeSubscription Resume { get; set; } = null!;

    [Inject] private DeleteSubscription Delete { get; set; } = null!;

    [Inject] private ImportSubscribers Import { get; set; } = null!;

    [Inject] private ChangeSubscription ChangeSubscription { get; set; } = null!;

    [Inject] private GetEstateForConsole GetEstate { get; set; } = null!;

    [Inject] private GetAudiences GetAudiences { get; set; } = null!;

    [Inject] private EmailActivity Activity { get; set; } = null!;

    [Inject] private StaffActor Staff { get; set; } = null!;

    [Inject] private ISnackbar Snackbar { get; set; } = null!;

    protected override long LoadedSequence => _subscribers?.Sequence ?? -1;

    private static readonly IReadOnlyList<Choice<EmailSubscriptionChoice>> ReceiveChoices =
    [
        new(EmailSubscriptionChoice.Everything, "Every statement and status change"),
        new(EmailSubscriptionChoice.ChosenSystems, "Statements, and the status of the systems or groups chosen"),
        new(EmailSubscriptionChoice.StatementsOnly, "Statements only"),
    ];

    protected override async Task OnInitializedAsync()
    {
        _audiences = await GetAudiences.HandleAsync();
        var estate = await GetEstate.HandleAsync();
        var groupNames = estate.Groups.ToDictionary(g => g.Id, g => g.Name);
        _systemChoices = [.. estate.Systems.Select(s => new Choice<int>(s.Id, s.Name, groupNames.GetValueOrDefault(s.GroupId)))];
        _groupChoices = [.. estate.Groups.Select(g => new Choice<int>(g.Id, g.Name))];
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        await base.OnAfterRenderAsync(firstRender);
        if (firstRender)
        {
            // Deliveries are not portal events: their outcomes arrive through the email activity.
            _activitySubscription = Activity.Subscribe(() => _ = InvokeAsync(async () =>
            {
                await LoadAsync();
                StateHasChanged();
            }));
        }
    }

    protected override async Task LoadAsync()
    {
        var actor = await Staff.GetAsync();
        _subscribers = await GetSubscribers.HandleAsync(new GetSubscribersRequest(_searched, _page), actor);
        _page = _subscribers.Page;
        _deliveries = await GetDeliveryLog.HandleAsync(actor);
    }

    private static string OriginText(EmailSubscriptionOrigin origin) => origin switch
    {
        EmailSubscriptionOrigin.Account => "Viewer account",
        EmailSubscriptionOrigin.Import => "Imported",
        _ => "Subscribed on the portal",
    };

    private static string StateText(SubscriberState state) => state switch
    {
        SubscriberState.WaitingForConfirmation => "Waiting for confirmation",
        SubscriberState.Suspended => "Suspended",
        _ => "Active",
    };

    private static string ChoiceText(EmailSubscriberView subscriber) => subscriber.Choice switch
    {
        EmailSubscriptionChoice.StatementsOnly => "Statements only",
        EmailSubscriptionChoice.ChosenSystems => $"Statements, and the status of {string.Join(", ", subscriber.Chosen)}{NoticesText(subscriber.Notices, " touching them")}",
        _ => $"Every statement and status change{NoticesText(subscriber.Notices, "")}",
    };

    private static string NoticesText(EmailNotices notices, string scope) => notices switch
    {
        EmailNotices.Maintenance | EmailNotices.Phases => $"; maintenance and restart phases{scope}",
        EmailNotices.Maintenance => $"; maintenance{scope}",
        EmailNotices.Phases => $"; restart phases{scope}",
        _ => "",
    };

    private static string KindText(EmailDeliveryKind kind) => kind switch
    {
        EmailDeliveryKind.Status => "Status change",
        EmailDeliveryKind.Maintenance => "Maintenance",
        EmailDeliveryKind.Phase => "Restart phase",
        _ => "Statement",
    };

    private static string DeliveryStatusText(EmailDeliveryLogEntry delivery) => delivery.Status switch
    {
        EmailDeliveryStatus.Sent => "Sent",
        EmailDeliveryStatus.Failed => $"Failed after {Attempts(delivery.Attempts)}",
        EmailDeliveryStatus.Cancelled => "Not sent",
        _ when delivery.Error is not null => delivery.Attempts > 0 ? $"Failing, {Attempts(delivery.Attempts)} so far" : "Waiting for the mail server",
        _ => "Waiting",
    };

    private static string Attempts(int count) => count == 1 ? "1 attempt" : $"{count} attempts";

    private static string SubscriberTotal(SubscribersForConsole list) =>
        list.Total == 1 ? "1 email subscriber" : string.Create(CultureInfo.InvariantCulture, $"{list.Total:N0} email subscribers");

    private static string ImportSummary(ImportSubscribersResult result) => (result.ImportedCount, result.Refused.Count) switch
    {
        (var imported, 0) => $"Imported {Contacts(imported)}.",
        (0, var refused) => $"Nobody was imported: {Lines(refused)} need fixing. They are in the box above; correct them and import again.",
        var (imported, refused) => $"Imported {Contacts(imported)}; {Lines(refused)} refused. The refused lines are in the box above; correct them and import again.",
    };

    private static string Contacts(int count) => count == 1 ? "1 contact" : string.Create(CultureInfo.InvariantCulture, $"{count:N0} contacts");

    private static string Lines(int count) => count == 1 ? "1 line" : string.Create(CultureInfo.InvariantCulture, $"{count:N0} lines");

    private async Task SearchAsync()
    {
        _searched = _search;
        _page = 0;
        await LoadAsync();
    }

    private async Task GoToPageAsync(int page)
    {
        _page = page;
        await LoadAsync();
    }

    private void StartSuspending(EmailSubscriberView subscriber)
    {
        _deleting = null;
        _suspendReason = null;
        _suspending = subscriber.Id;
    }

    private void StartDeleting(EmailSubscriberView subscriber)
    {
        _suspending = null;
        _editing = null;
        _deleting = subscriber.Id;
    }

    private void StartEditing(EmailSubscriberView subscriber)
    {
        _suspending = null;
        _deleting = null;
        _problem = null;
        _editing = subscriber;
        _edit = new SubscriberEdit
        {
            Choice = subscriber.Choice,
            SystemIds = new HashSet<int>(subscriber.SystemIds ?? []),
            GroupIds = new HashSet<int>(subscriber.GroupIds ?? []),
            Maintenance = subscriber.Notices.HasFlag(EmailNotices.Maintenance) || subscriber.Choice == EmailSubscriptionChoice.StatementsOnly,
            Phases = subscriber.Notices.HasFlag(EmailNotices.Phases) || subscriber.Choice == EmailSubscriptionChoice.StatementsOnly,
            Audiences = [.. subscriber.Audiences],
        };
    }

    private async Task SaveChoiceAsync()
    {
        if (_editing is not { } editing)
        {
            return;
        }

        _busy = true;
        var notices = (_edit.Maintenance ? EmailNotices.Maintenance : EmailNotices.None) | (_edit.Phases ? EmailNotices.Phases : EmailNotices.None);
        var request = new ChangeSubscriptionRequest(editing.Id, _edit.Choice, [.. _edit.SystemIds], [.. _edit.GroupIds], notices,
            editing.Origin == EmailSubscriptionOrigin.Account ? null : [.. _edit.Audiences]);
        var actor = await Staff.GetAsync();
        _problem = await ConsoleActions.TryAsync(() => ChangeSubscription.HandleAsync(request, actor));
        _busy = false;
        if (_problem is null)
        {
            Snackbar.Add($"{editing.Address} now receives what was chosen.", Severity.Success);
            _editing = null;
            await LoadAsync();
        }
    }

    private async Task SuspendAsync(EmailSubscriberView subscriber)
    {
        await RunAsync(async actor => await Suspend.HandleAsync(new SuspendSubscriptionRequest(subscriber.Id, _suspendReason), actor),
            $"{subscriber.Address} is suspended: nothing more is sent to it.");
        _suspending = null;
    }

    private Task ResumeAsync(EmailSubscriberView subscriber) =>
        RunAsync(async actor => await Resume.HandleAsync(subscriber.Id, actor), $"{subscriber.Address} receives mail again.");

    private async Task DeleteAsync(EmailSubscriberView subscriber)
    {
        await RunAsync(async actor => await Delete.HandleAsync(subscriber.Id, actor), $"{subscriber.Address} is deleted.");
        _deleting = null;
    }

    private async Task RunAsync(Func<Actor, Task> action, string done)
    {
        var actor = await Staff.GetAsync();
        _problem = await ConsoleActions.TryAsync(() => action(actor));
        if (_problem is null)
        {
            Snackbar.Add(done, Severity.Success);
        }

        await LoadAsync();
    }

    private async Task ImportFileAsync(InputFileChangeEventArgs change)
    {
        _problem = null;
        if (change.File.Size > MaxFileBytes)
        {
            _problem = new ConsoleProblem("The file is larger than 1 MB. Import the contacts in parts.", IsConflict: false);
            return;
        }

        using var reader = new StreamReader(change.File.OpenReadStream(MaxFileBytes));
        await ImportTextAsync(await reader.ReadToEndAsync());
    }

    private Task ImportAsync() => ImportTextAsync(_import.CsvText);

    private async Task ImportTextAsync(string csvText)
    {
        _busy = true;
        var actor = await Staff.GetAsync();
        ImportSubscribersResult? result = null;
        _problem = await ConsoleActions.TryAsync(async () => result = await Import.HandleAsync(new ImportSubscribersRequest(csvText), actor));
        _busy = false;
        if (result is null)
        {
            // Refused as a whole (too long, nobody in it): the text stays as it was.
            return;
        }

        _importResult = result;
        // A fresh model, not an emptied one: an emptied field would at once say it is required.
        _import = new ImportModel { CsvText = result.Refused.Count > 0 ? result.RefusedText : "" };
        if (result.ImportedCount > 0)
        {
            Snackbar.Add($"Imported {Contacts(result.ImportedCount)}.", Severity.Success);
            await LoadAsync();
        }
    }

    void IDisposable.Dispose()
    {
        _activitySubscription?.Dispose();
        Dispose();
    }

    private sealed class SubscriberEdit : IValidatableObject
    {
        public EmailSubscriptionChoice Choice { get; set; }

        public IReadOnlySet<int> SystemIds { get; set; } = new HashSet<int>();

        public IReadOnlySet<int> GroupIds { get; set; } = new HashSet<int>();

        public bool Maintenance { get; set; }

        public bool Phases { get; set; }

        public IReadOnlyCollection<string> Audiences { get; set; } = [];

        public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
        {
            if (Choice == EmailSubscriptionChoice.ChosenSystems && SystemIds.Count == 0 && GroupIds.Count == 0)
            {
                yield return new("Choose at least one system or group, or another option.", [nameof(GroupIds)]);
            }
        }
    }

    private sealed class ImportModel
    {
        /// <summary>The most the box holds: the circuit takes messages of 256 KB; a larger list goes as a file.</summary>
        public const int MaxLength = 100_000;

        [Required(ErrorMessage = "Give one contact per line: email,name,audiences.")]
        [StringLength(MaxLength, ErrorMessage = "The box holds at most 100,000 characters; choose a file for a longer list.")]
        public string CsvText { get; set; } = "";
    }
}
