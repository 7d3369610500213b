using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using MudBlazor;

namespace Portal.Web.Components.Shared.Forms;

/// <summary>A MudBlazor numeric field that waits for the form's submit like <see cref="FormTextField{T}"/>. Use it instead of MudNumericField.</summary>
public class FormNumericField<T> : MudNumericField<T>
{
    [CascadingParameter] private EditContext? FormContext { get; set; }

    protected override bool EffectiveImmediate => base.EffectiveImmediate || FormValidationGate.TypesLive(FormContext);

    protected override Task ValidateValue() => FormValidationGate.MayValidate(FormContext, ConversionError || HasErrors) ? base.ValidateValue() : Task.CompletedTask;
}
