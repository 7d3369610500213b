using Microsoft.Extensions.Options;

namespace Portal.Core;

/// <summary>Checks the "Portal" section at start; each failure names its key and says what would do.</summary>
internal sealed class PortalOptionsValidator : IValidateOptions<PortalOptions>
{
    public ValidateOptionsResult Validate(string? name, PortalOptions options)
    {
        var failures = new PortalSettingFailures(PortalOptions.Section);
        failures.RequireText(nameof(PortalOptions.DataFolder), options.DataFolder);
        failures.RequireAbsoluteAddress(nameof(PortalOptions.PublicAddress), options.PublicAddress);
        failures.RequireAtLeast(nameof(PortalOptions.MailingFormPosts), options.MailingFormPosts, 1);
        failures.RequirePositive(nameof(PortalOptions.MailingFormWindow), options.MailingFormWindow);
        failures.RequireEmail($"{nameof(PortalOptions.BootstrapAdmin)}:{nameof(BootstrapAdminOptions.Email)}", options.BootstrapAdmin.Email);
        return failures.Result;
    }
}
