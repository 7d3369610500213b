using Portal.Core.Features.People;

namespace Portal.Web.Mail;

/// <summary>
/// Writes and sends the account mails: self-registration's confirmation link and "you already have an
/// account", an invitation's link when an Admin sends it again, and the password reset link.
/// </summary>
/// <remarks>Links are under <see cref="PortalAddress"/>, never the request's address.</remarks>
public sealed class AccountMail(IPortalMail mail, PortalAddress portal)
{
    public const string ConfirmSubject = "Confirm your email address for the estate status portal";
    public const string AlreadyRegisteredSubject = "You already have an account on the estate status portal";
    public const string InvitationSubject = "Your invitation to the estate status portal";
    public const string PasswordResetSubject = "Choose a new password for the estate status portal";

    /// <summary>The link that confirms <paramref name="userId"/>'s address, under the portal's address.</summary>
    public string ConfirmationLink(string userId, string code) =>
        $"{portal.Value}account/confirm-email?userId={Uri.EscapeDataString(userId)}&code={Uri.EscapeDataString(code)}";

    /// <summary>The one-time link that accepts an invitation, under the portal's address.</summary>
    public string InvitationLink(string token) => $"{portal.Value}account/accept-invitation?token={Uri.EscapeDataString(token)}";

    /// <summary>Mails an invitation's link to the invited address, with how long it works in the console's own words.</summary>
    public Task SendInvitationAsync(IssuedInvitation invitation, CancellationToken cancellationToken = default) =>
        mail.SendAsync(invitation.Email, InvitationSubject, $"""
            Hello{(invitation.DisplayName is { Length: > 0 } name ? " " + name : "")},

            You are invited to the estate status portal, where the company says which of its systems are back,
            which run on a workaround, and what it has officially announced.

            Open this link to create your account and choose your password (the link {InvitationValidity.Describe(invitation.ExpiresAt)};
            links sent before this one no longer work):

            {InvitationLink(invitation.Token)}

            Then sign in at {portal.Value}account/login with your email address and that password.

            If you did not expect this invitation, ignore this mail: nothing happens unless the link is opened.
            """, cancellationToken);

    /// <summary>The link that lets <paramref name="userId"/> choose a new password, under the portal's address.</summary>
    public string PasswordResetLink(string userId, string code) =>
        $"{portal.Value}account/reset-password?userId={Uri.EscapeDataString(userId)}&code={Uri.EscapeDataString(code)}";

    /// <summary>Mails a one-time link to choose a new password (asked for on the form, or sent by an Admin).</summary>
    public Task SendPasswordResetAsync(PasswordResetToSend reset, CancellationToken cancellationToken = default) =>
        mail.SendAsync(reset.Email, PasswordResetSubject, $"""
            Hello {reset.DisplayName},

            Someone, probably you or an administrator, asked to reset the password of {reset.Email} on the estate
            status portal. Open this link and choose a new password there (the link works once, for a day):

            {PasswordResetLink(reset.UserId, reset.ResetCode)}

            Choosing a new password signs you out everywhere you were signed in; your authenticator app, if you use
            one, stays as it is. Then sign in at {portal.Value}account/login.

            If you did not ask for this, ignore this mail: your password stays as it is unless the link is opened.
            """, cancellationToken);

    /// <summary>Mails what a registration calls for: the link for a new account, or a note to an address that had one.</summary>
    public Task SendAsync(Registration registration, CancellationToken cancellationToken = default) =>
        registration.Outcome == RegistrationOutcome.Created
            ? SendConfirmationAsync(registration.Email, registration.DisplayName, registration.UserId, registration.ConfirmationCode!, cancellationToken)
            : mail.SendAsync(registration.Email, AlreadyRegisteredSubject, AlreadyRegisteredBody(registration), cancellationToken);

    public Task SendConfirmationAsync(string email, string displayName, string userId, string code,
        CancellationToken cancellationToken = default) =>
        mail.SendAsync(email, ConfirmSubject, $"""
            Hello {displayName},

            To finish creating your account on the estate status portal, open this link, confirm your email address
            and choose your password there (the link works once, for a day; only the newest link we sent works):

            {ConfirmationLink(userId, code)}

            Then sign in at {portal.Value}account/login with that password.

            If you did not ask for an account, ignore this mail: nothing happens unless the link is opened.
            """, cancellationToken);

    private string AlreadyRegisteredBody(Registration registration)
    {
        var confirm = registration.ConfirmationCode is { } code
            ? $"""

              You have not confirmed your address yet. Open this link to confirm it and choose your password
              (it works once, for a day; links sent before this one no longer work):

              {ConfirmationLink(registration.UserId, code)}

              """
            : "";
        var signIn = registration.ConfirmationCode is null
            ? $"Sign in at {portal.Value}account/login with your existing password. If you have forgotten it,\nchoose a new one at {portal.Value}account/forgot-password."
            : $"Then sign in at {portal.Value}account/login with the password you chose.";
        return $"""
            Hello {registration.DisplayName},

            Someone, probably you, asked to register {registration.Email} on the estate status portal. This address
            already has an account, so nothing was changed.
            {confirm}
            {signIn}

            If this was not you, ignore this mail.
            """;
    }
}
