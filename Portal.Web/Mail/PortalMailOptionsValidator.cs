using Microsoft.Extensions.Options;
using MimeKit;
using Portal.Core;

namespace Portal.Web.Mail;

/// <summary>Checks <c>Portal:Mail</c> at start, so a typo in the sender or the server shows before the first mail.</summary>
internal sealed class PortalMailOptionsValidator : IValidateOptions<PortalMailOptions>
{
    public ValidateOptionsResult Validate(string? name, PortalMailOptions options)
    {
        var failures = new PortalSettingFailures(PortalMailOptions.Section);
        if (!MailboxAddress.TryParse(options.From, out _))
        {
            failures.Add(nameof(PortalMailOptions.From), $"must be a mail address such as Estate status <no-reply@example.com>; it is '{options.From}'.");
        }

        if (options.SmtpPort is < 1 or > 65535)
        {
            failures.Add(nameof(PortalMailOptions.SmtpPort), $"must be a port from 1 to 65535; it is {options.SmtpPort}.");
        }

        failures.RequireText(nameof(PortalMailOptions.PickupFolder), options.PickupFolder);
        failures.RequireAbsoluteAddress(nameof(PortalMailOptions.PortalAddress), options.PortalAddress);
        return failures.Result;
    }
}
