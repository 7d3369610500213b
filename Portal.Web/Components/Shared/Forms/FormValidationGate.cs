using Microsoft.AspNetCore.Components.Forms;

namespace Portal.Web.Components.Shared.Forms;

/// <summary>What the portal's MudBlazor inputs ask before checking themselves (see <see cref="SubmitValidation"/>).</summary>
internal static class FormValidationGate
{
    /// <summary>
    /// An input checks itself only once its form's submit has failed. A value the input cannot read
    /// at all (letters in a number) is said at once: it is not a rule broken but text that is lost. An
    /// input that shows a message may always check again, so that the message can go.
    /// </summary>
    public static bool MayValidate(EditContext? form, bool showsOrHasUnreadableText) =>
        showsOrHasUnreadableText || SubmitValidation.ShowsMessages(form);

    /// <summary>After a failed submit a field sends each keystroke, so its message clears as the person types.</summary>
    public static bool TypesLive(EditContext? form) => SubmitValidation.AfterFailedSubmit(form);
}
