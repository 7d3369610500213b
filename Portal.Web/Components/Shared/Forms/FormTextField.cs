using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using MudBlazor;

namespace Portal.Web.Components.Shared.Forms;

/// <summary>
/// A MudBlazor text field that, inside a form with <see cref="SubmitValidation"/>, keeps quiet until the
/// form has been submitted and failed, then re-checks as the person types. Use it instead of MudTextField.
/// </summary>
public class FormTextField<T> : MudTextField<T>
{
    [CascadingParameter] private EditContext? FormContext { get; set; }

    protected override bool EffectiveImmediate => base.EffectiveImmediate || FormValidationGate.TypesLive(FormContext);

    protected override Task ValidateValue() => FormValidationGate.MayValidate(FormContext, ConversionError || HasErrors) ? base.ValidateValue() : Task.CompletedTask;
}
