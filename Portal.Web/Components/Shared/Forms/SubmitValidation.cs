using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.JSInterop;

namespace Portal.Web.Components.Shared.Forms;

/// <summary>
/// The one validator of every form in the portal, in place of <see cref="DataAnnotationsValidator"/>.
/// It checks the model's data annotations when the form is submitted, never when a field is left:
/// a person tabbing through an empty form is not told off before they have tried to send it. A
/// submit that fails shows every message at once, marks the fields <c>aria-invalid</c>, lists the
/// messages in a summary at the top of the form and moves focus to the first field that needs
/// attention. From then on each change re-checks the form, so a corrected field's message goes as
/// the person types; a submit that passes makes the form quiet again.
/// </summary>
/// <remarks>
/// MudBlazor inputs check a field themselves as soon as it changes or loses focus; the portal's
/// <see cref="FormTextField{T}"/>, <see cref="FormNumericField{T}"/> and <see cref="FormRadioGroup{T}"/>
/// ask <see cref="ShowsMessages"/> first.
/// </remarks>
public sealed class SubmitValidation : ComponentBase, IAsyncDisposable
{
    private static readonly object AfterFailedSubmitKey = new();

    private EditContext? _context;
    private ValidationMessageStore? _messages;
    private ElementReference _summary;
    private bool _focusPending;
    private IJSObjectReference? _forms;
    private List<string> _inFormOrder = [];

    [CascadingParameter] private EditContext? CurrentEditContext { get; set; }

    [Inject] private IServiceProvider Services { get; set; } = null!;

    [Inject] private IJSRuntime JS { get; set; } = null!;

    /// <summary>
    /// Whether an input of this form should check and show its own messages now: only after a
    /// submit that failed. A form without this validator (or an input outside any form) keeps the
    /// input's own behaviour.
    /// </summary>
    public static bool ShowsMessages(EditContext? context) =>
        context is null || !context.Properties.TryGetValue(AfterFailedSubmitKey, out var failed) || failed is true;

    /// <summary>Whether this form's last submit failed its checks (false for a form without this validator).</summary>
    public static bool AfterFailedSubmit(EditContext? context) =>
        context is not null && context.Properties.TryGetValue(AfterFailedSubmitKey, out var failed) && failed is true;

    protected override void OnParametersSet()
    {
        if (CurrentEditContext is null)
        {
            throw new InvalidOperationException($"{nameof(SubmitValidation)} goes inside an EditForm.");
        }

        if (ReferenceEquals(CurrentEditContext, _context))
        {
            return;
        }

        Detach();
        _context = CurrentEditContext;
        _messages = new ValidationMessageStore(_context);
        _context.Properties[AfterFailedSubmitKey] = false;
        _context.OnValidationRequested += OnValidationRequested;
        _context.OnFieldChanged += OnFieldChanged;
        _context.OnValidationStateChanged += OnValidationStateChanged;
    }

    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        if (_context is null || !ShowsMessages(_context))
        {
            return;
        }

        // In the order the model declares its fields (the order of the form), then any other message.
        var shown = _context.GetValidationMessages().ToHashSet(StringComparer.Ordinal);
        var messages = _inFormOrder.Where(shown.Contains).Concat(shown).Distinct(StringComparer.Ordinal).ToList();
        if (messages.Count == 0)
        {
            return;
        }

        builder.OpenElement(0, "div");
        builder.AddAttribute(1, "class", "validation-summary");
        builder.AddAttribute(2, "role", "alert");
        builder.AddAttribute(3, "tabindex", "-1");
        builder.AddAttribute(4, "data-validation-summary", true);
        builder.AddAttribute(5, "data-testid", "validation-summary");
        builder.AddElementReferenceCapture(6, element => _summary = element);
        builder.OpenElement(7, "p");
        builder.AddContent(8, messages.Count == 1
            ? "Not sent yet: one answer needs your attention."
            : $"Not sent yet: {messages.Count} answers need your attention.");
        builder.CloseElement();
        builder.OpenElement(9, "ul");
        foreach (var message in messages)
        {
            builder.OpenElement(10, "li");
            builder.AddContent(11, message);
            builder.CloseElement();
        }

        builder.CloseElement();
        builder.CloseElement();
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!_focusPending)
        {
            return;
        }

        _focusPending = false;
        try
        {
            _forms ??= await JS.InvokeAsync<IJSObjectReference>("import", "./forms.js");
            await _forms.InvokeVoidAsync("focusFirstInvalid", _summary);
        }
        catch (JSDisconnectedException)
        {
            // The person has gone; there is nobody to move focus for.
        }
    }

    private void OnValidationRequested(object? sender, ValidationRequestedEventArgs e)
    {
        var failed = ValidateAll();
        _context!.Properties[AfterFailedSubmitKey] = failed;
        _focusPending = failed;
        _context.NotifyValidationStateChanged();
    }

    private void OnFieldChanged(object? sender, FieldChangedEventArgs e)
    {
        if (!ShowsMessages(_context))
        {
            return;
        }

        ValidateAll();
        _context!.NotifyValidationStateChanged();
    }

    private void OnValidationStateChanged(object? sender, ValidationStateChangedEventArgs e) => StateHasChanged();

    /// <summary>Checks the whole model (data annotations, then <see cref="IValidatableObject"/>); true when something is wrong.</summary>
    private bool ValidateAll()
    {
        var model = _context!.Model;
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(model, new ValidationContext(model, Services, items: null), results, validateAllProperties: true);

        _messages!.Clear();
        foreach (var result in results)
        {
            var members = result.MemberNames.Any() ? result.MemberNames : [string.Empty];
            foreach (var member in members)
            {
                _messages.Add(new FieldIdentifier(model, member), result.ErrorMessage ?? "");
            }
        }

        _inFormOrder = [.. results.Select(r => r.ErrorMessage ?? "")];
        return results.Count > 0;
    }

    private void Detach()
    {
        if (_context is null)
        {
            return;
        }

        _context.OnValidationRequested -= OnValidationRequested;
        _context.OnFieldChanged -= OnFieldChanged;
        _context.OnValidationStateChanged -= OnValidationStateChanged;
        _messages?.Clear();
        _context = null;
    }

    public async ValueTask DisposeAsync()
    {
        Detach();
        if (_forms is not null)
        {
            try
            {
                await _forms.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
                // The circuit is already gone, and the module with it.
            }
        }
    }
}
