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
        ValidateOrganisation(failures, options.Organisation);
        return failures.Result;
    }

    private static void ValidateOrganisation(PortalSettingFailures failures, OrganisationOptions organisation)
    {
        const string prefix = nameof(PortalOptions.Organisation) + ":";
        if (organisation.Name?.Length > OrganisationOptions.NameMaxLength)
        {
            failures.Add(prefix + nameof(OrganisationOptions.Name), $"must be at most {OrganisationOptions.NameMaxLength} characters.");
        }

        if (organisation.Introduction?.Length > OrganisationOptions.IntroductionMaxLength)
        {
            failures.Add(prefix + nameof(OrganisationOptions.Introduction), $"must be at most {OrganisationOptions.IntroductionMaxLength} characters.");
        }

        if (organisation.LogoUrl is { Length: > 0 } logo && !IsLogoAddress(logo))
        {
            failures.Add(prefix + nameof(OrganisationOptions.LogoUrl),
                $"must be an http or https address or a path on the portal such as /logo.svg; it is '{logo}'.");
        }
    }

    // A path on the portal, or an absolute http(s) address: never javascript: or data: in an <img src>.
    private static bool IsLogoAddress(string logo) =>
        logo.StartsWith('/') && !logo.StartsWith("//", StringComparison.Ordinal)
            ? Uri.TryCreate(logo, UriKind.Relative, out _)
            : Uri.TryCreate(logo, UriKind.Absolute, out var address) && address.Scheme is "http" or "https" && address.Host.Length > 0;
}
