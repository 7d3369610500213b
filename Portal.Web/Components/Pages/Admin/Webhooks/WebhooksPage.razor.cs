using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Components;
using Portal.Core.Domain;
using Portal.Core.Features.Audiences;
using Portal.Core.Features.Webhooks;
using Portal.Web.Accounts;
using Portal.Web.Components.Pages.Admin.Shared;

namespace Portal.Web.Components.Pages.Admin.Webhooks;

/// <summary>
/// The Admin's webhook endpoints: register one (its secret shown once), change it, rotate its
/// secret, disable or enable it, and see its deliveries, failures first, with a button to send one
/// again. Follows other Admins' changes and every delivery's outcome live.
/// </summary>
public sealed partial class WebhooksPage : IDisposable
{
    private static readonly IReadOnlyList<Choice<string>> EventTypeChoices =
        [.. WebhookEndpoint.EventTypeChoices.Select(type => new Choice<string>(type, type))];

    private WebhookEndpointsForConsole? _endpoints;
    private IReadOnlyList<AudienceOption> _audiences = [];
    private EndpointForm _form = new();
    private int? _editingId;
    private WebhookEndpointWithSecret? _secret;
    private int? _deliveriesFor;
    private IReadOnlyList<WebhookDeliveryView>? _deliveries;
    private ConsoleProblem? _problem;
    private IDisposable? _activitySubscription;
    private bool _busy;

    [Inject] private GetWebhookEndpoints GetEndpoints { get; set; } = null!;

    [Inject] private GetWebhookDeliveries GetDeliveries { get; set; } = null!;

    [Inject] private RegisterWebhookEndpoint Register { get; set; } = null!;

    [Inject] private ChangeWebhookEndpoint Change { get; set; } = null!;

    [Inject] private RotateWebhookSecret Rotate { get; set; } = null!;

    [Inject] private SetWebhookEndpointEnabled SetEnabled { get; set; } = null!;

    [Inject] private SendWebhookDeliveryAgain SendAgain { get; set; } = null!;

    [Inject] private GetAudiences GetAudiences { get; set; } = null!;

    [Inject] private WebhookActivity Activity { get; set; } = null!;

    [Inject] private StaffActor Staff { get; set; } = null!;

    protected override long LoadedSequence => _endpoints?.Sequence ?? -1;

    protected override async Task OnInitializedAsync()
    {
        _audiences = await GetAudiences.HandleAsync();
        await LoadAsync();
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        await base.OnAfterRenderAsync(firstRender);
        if (firstRender)
        {
            // Deliveries are not portal events: their outcomes arrive through the webhook activity.
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
        _endpoints = await GetEndpoints.HandleAsync(actor);
        if (_deliveriesFor is { } endpointId && _endpoints.Endpoints.Any(e => e.Id == endpointId))
        {
            _deliveries = await GetDeliveries.HandleAsync(endpointId, actor);
        }
    }

    private static string KindText(WebhookKind kind) => kind switch
    {
        WebhookKind.Teams => "Microsoft Teams channel",
        WebhookKind.Slack => "Slack channel",
        _ => "Program (Standard Webhooks)",
    };

    private static string StatusText(WebhookDeliveryView delivery) => delivery.Status switch
    {
        WebhookDeliveryStatus.Delivered => "Delivered",
        WebhookDeliveryStatus.Failed => $"Failed after {delivery.Attempts} attempt{(delivery.Attempts == 1 ? "" : "s")}",
        WebhookDeliveryStatus.Cancelled => "Not sent",
        _ when delivery.Attempts > 0 => $"Failing, {delivery.Attempts} attempt{(delivery.Attempts == 1 ? "" : "s")} so far",
        _ => "Waiting",
    };

    private async Task SaveAsync()
    {
        _busy = true;
        WebhookEndpointWithSecret? registered = null;
        var actor = await Staff.GetAsync();
        _problem = await ConsoleActions.TryAsync(async () =>
        {
            if (_editingId is { } id)
            {
                await Change.HandleAsync(new ChangeWebhookEndpointRequest(id, _form.Organisation, _form.Url, [.. _form.Audiences], [.. _form.EventTypes]), actor);
            }
            else
            {
                registered = await Register.HandleAsync(
                    new RegisterWebhookEndpointRequest(_form.Organisation, _form.Url, [.. _form.Audiences], [.. _form.EventTypes], _form.Kind), actor);
            }
        });
        if (_problem is null)
        {
            _secret = registered;
            CancelEditing();
        }

        await LoadAsync();
        _busy = false;
    }

    private void Edit(WebhookEndpointView endpoint)
    {
        _editingId = endpoint.Id;
        _secret = null;
        _form = new EndpointForm
        {
            Organisation = endpoint.Organisation,

            // A Teams or Slack address is a secret shown only masked: left empty, it is kept.
            Url = endpoint.Kind == WebhookKind.StandardWebhooks ? endpoint.Url : "",
            KeepsSecretAddress = endpoint.Kind != WebhookKind.StandardWebhooks,
            Kind = endpoint.Kind,
            Audiences = [.. endpoint.Audiences],
            EventTypes = new HashSet<string>(endpoint.EventTypes, StringComparer.Ordinal),
        };
    }

    private void CancelEditing()
    {
        _editingId = null;
        _form = new();
    }

    private async Task ShowDeliveriesAsync(int endpointId)
    {
        _deliveriesFor = _deliveriesFor == endpointId ? null : endpointId;
        _deliveries = null;
        await LoadAsync();
    }

    private async Task RotateAsync(WebhookEndpointView endpoint)
    {
        WebhookEndpointWithSecret? rotated = null;
        _problem = await ConsoleActions.TryAsync(async () => rotated = await Rotate.HandleAsync(endpoint.Id, await Staff.GetAsync()));
        _secret = rotated;
        await LoadAsync();
    }

    private async Task SetEnabledAsync(WebhookEndpointView endpoint, bool enabled)
    {
        _problem = await ConsoleActions.TryAsync(async () =>
            await SetEnabled.HandleAsync(new SetWebhookEndpointEnabledRequest(endpoint.Id, enabled), await Staff.GetAsync()));
        await LoadAsync();
    }

    private async Task SendAgainAsync(WebhookDeliveryView delivery)
    {
        _problem = await ConsoleActions.TryAsync(async () => await SendAgain.HandleAsync(delivery.Id, await Staff.GetAsync()));
        await LoadAsync();
    }

    void IDisposable.Dispose()
    {
        _activitySubscription?.Dispose();
        Dispose();
    }

    private sealed class EndpointForm : IValidatableObject
    {
        [Required(ErrorMessage = "Name the organisation and its program.")]
        [StringLength(WebhookEndpoint.OrganisationMaxLength)]
        public string Organisation { get; set; } = "";

        [StringLength(WebhookEndpoint.UrlMaxLength)]
        public string Url { get; set; } = "";

        /// <summary>Editing a Teams or Slack endpoint: its address is sealed and shown masked, and an empty field keeps it.</summary>
        public bool KeepsSecretAddress { get; set; }

        public IReadOnlyCollection<string> Audiences { get; set; } = [];

        public IReadOnlySet<string> EventTypes { get; set; } = new HashSet<string>();

        public WebhookKind Kind { get; set; } = WebhookKind.StandardWebhooks;

        public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
        {
            if (string.IsNullOrWhiteSpace(Url) && !KeepsSecretAddress)
            {
                yield return new("Give the address the program receives at.", [nameof(Url)]);
            }

            if (Audiences.Count == 0)
            {
                yield return new("Choose at least one audience.", [nameof(Audiences)]);
            }
        }
    }
}
