using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using MudBlazor;

namespace Portal.Web.Components.Shared.Forms;

/// <summary>A MudBlazor radio group that waits for the form's submit like <see cref="FormTextField{T}"/>. Use it instead of MudRadioGroup.</summary>
public class FormRadioGroup<T> : MudRadioGroup<T>
{
    [CascadingParameter] private EditContext? FormContext { get; set; }

    protected override Task ValidateValue() => FormValidationGate.MayValidate(FormContext, HasErrors) ? base.ValidateValue() : Task.CompletedTask;
}
