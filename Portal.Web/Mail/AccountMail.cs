using Microsoft.Extensions.Options;
using Portal.Core.Features.People;

namespace Portal.Web.Mail;

/// <summary>Writes and sends the mails of self-registration: the confirmation link, and "you already have an account".</summary>
public sealed class AccountMail(IPortalMail mail, IOptions<PortalMailOptions> options)
{
    public const string ConfirmSubject = "Confirm your email address for the estate status portal";
    public const string AlreadyRegisteredSubject = "You already have an account on the estate status portal";

    /// <summary>The link that confirms <paramref name="userId"/>'s address, under the portal's address.</summary>
    public string ConfirmationLink(string baseUri, string userId, string code) =>
        $"{PortalAddress(baseUri)}account/confirm-email?userId={Uri.EscapeDataString(userId)}&code={Uri.EscapeDataString(code)}";

    /// <summary>Mails what a registration calls for: the link for a new account, or a note to an address that had one.</summary>
    public Task SendAsync(Registration registration, string baseUri, CancellationToken cancellationToken = default) =>
        registration.Outcome == RegistrationOutcome.Created
            ? SendConfirmationAsync(registration.Email, registration.DisplayName, registration.UserId, registration.ConfirmationCode!, baseUri, cancellationToken)
            : mail.SendAsync(registration.Email, AlreadyRegisteredSubject, AlreadyRegisteredBody(registration, baseUri), cancellationToken);

    public Task SendConfirmationAsync(string email, string displayName, string userId, string code, string baseUri,
        CancellationToken cancellationToken = default) =>
        mail.SendAsync(email, ConfirmSubject, $"""
            Hello {displayName},

            To finish creating your account on the estate status portal, confirm your email address by opening this link
            (it works once, for a day):

            {ConfirmationLink(baseUri, userId, code)}

            Then sign in at {PortalAddress(baseUri)}account/login with the password you chose.

            If you did not ask for an account, ignore this mail: nothing happens unless the link is opened.
            """, cancellationToken);

    private string AlreadyRegisteredBody(Registration registration, string baseUri)
    {
        var confirm = registration.ConfirmationCode is { } code
            ? $"""

              You have not confirmed your address yet. Open this link to do so (it works once, for a day):

              {ConfirmationLink(baseUri, registration.UserId, code)}

              """
            : "";
        return $"""
            Hello {registration.DisplayName},

            Someone, probably you, asked to register {registration.Email} on the estate status portal. This address
            already has an account, so nothing was changed.
            {confirm}
            Sign in at {PortalAddress(baseUri)}account/login with your existing password. If you have forgotten it,
            ask your contact at the company.

            If this was not you, ignore this mail.
            """;
    }

    private string PortalAddress(string baseUri)
    {
        var address = options.Value.PortalAddress is { Length: > 0 } configured ? configured : baseUri;
        return address.EndsWith('/') ? address : address + "/";
    }
}
