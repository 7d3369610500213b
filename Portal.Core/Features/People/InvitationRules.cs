using System.Net.Mail;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Persistence;

namespace Portal.Core.Features.People;

/// <summary>
/// What one invitation and many (<see cref="InviteViewers"/>) both check, and how both issue it, so
/// a pasted line is refused for exactly the reasons the single form would refuse it.
/// </summary>
internal static class InvitationRules
{
    public const string EmailExample = "Enter an email address like name@example.com.";

    /// <summary>Why <paramref name="email"/> (already trimmed) cannot be invited, or null when it is a plain address.</summary>
    public static string? EmailProblem(string email)
    {
        if (email.Length == 0)
        {
            return "The email address is missing.";
        }

        if (email.Length > PortalUser.EmailMaxLength)
        {
            return $"The email address is longer than {PortalUser.EmailMaxLength} characters.";
        }

        // One '@' between a local part and a domain, no spaces or list separators, and nothing
        // MailAddress would rewrite ("Name <a@b>" is a display name, not an address).
        var at = email.IndexOf('@', StringComparison.Ordinal);
        return at <= 0 || at != email.LastIndexOf('@') || at == email.Length - 1
            || email.Any(c => char.IsWhiteSpace(c) || c is ',' or ';' or '<' or '>' or '"')
            || !MailAddress.TryCreate(email, out var parsed) || !string.Equals(parsed.Address, email, StringComparison.Ordinal)
            ? $"'{email}' is not an email address. {EmailExample}"
            : null;
    }

    public static string AlreadyHasAccount(string email) =>
        $"{email} already has an account. Change their roles or audiences on the People page instead.";

    /// <summary>
    /// Creates the invitation, revoking the address's older open ones (the newest link is the one
    /// that works), and adds it and its audit entry to the pending change. Returns the link's token.
    /// </summary>
    public static async Task<(Invitation Invitation, string Token)> IssueAsync(
        PortalDbContext db, InvitationTerms terms, Actor actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (invitation, token) = Invitation.Create(terms, actor.Name, now);
        var open = await db.Invitations
            .Where(i => i.Email == invitation.Email && i.AcceptedAt == null && i.RevokedAt == null)
            .ToListAsync(cancellationToken);
        foreach (var earlier in open)
        {
            earlier.Revoke(now);
        }

        db.Invitations.Add(invitation);
        db.Audit(actor, "person.invited", "Person", invitation.Email, null,
            new { invitation.Email, invitation.Roles, invitation.Audiences, invitation.DisplayName, invitation.Organisation, invitation.ExpiresAt }, now);
        return (invitation, token);
    }
}
