using System.Security.Cryptography;
using System.Text;

namespace Portal.Core.Domain;

/// <summary>
/// A one-time, expiring link that lets a person create their account with the roles and audience
/// memberships an Admin chose (staff get roles, viewers get audiences, a person may get both).
/// Only a hash of the token is stored; the link itself is shown once to the inviting Admin.
/// </summary>
public sealed class Invitation
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(3);

    private Invitation()
    {
    }

    private Invitation(InvitationTerms terms, string tokenHash, string invitedBy, DateTimeOffset at)
    {
        Email = Guard.Text(terms.Email, PortalUser.EmailMaxLength, "email").ToLowerInvariant();
        Roles = terms.Roles.Distinct().ToList();
        if (Roles.Any(r => !PortalRoles.All.Contains(r)))
        {
            throw new DomainException($"There is no role '{Roles.First(r => !PortalRoles.All.Contains(r))}'.");
        }

        Audiences = AudienceMembership.Normalise(terms.Audiences);
        if (Roles.Count == 0 && Audiences.Count == 0)
        {
            throw new DomainException("Choose at least one role or audience.");
        }

        DisplayName = Guard.OptionalText(terms.DisplayName, PortalUser.DisplayNameMaxLength, "name");
        Organisation = Guard.OptionalText(terms.Organisation, PortalUser.OrganisationMaxLength, "organisation");

        TokenHash = tokenHash;
        InvitedBy = invitedBy;
        CreatedAt = at;
        ExpiresAt = at + Lifetime;
    }

    public int Id { get; private set; }

    public string Email { get; private set; } = "";

    public List<string> Roles { get; private set; } = [];

    /// <summary>Audience memberships the account gets (never Public: everybody is in it).</summary>
    public List<string> Audiences { get; private set; } = [];

    /// <summary>The name the Admin gave, offered to the person when they accept.</summary>
    public string? DisplayName { get; private set; }

    public string? Organisation { get; private set; }

    public string TokenHash { get; private set; } = "";

    public string InvitedBy { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset ExpiresAt { get; private set; }

    public DateTimeOffset? AcceptedAt { get; private set; }

    public DateTimeOffset? RevokedAt { get; private set; }

    /// <summary>Creates an invitation and the token for its link (returned once, never stored).</summary>
    public static (Invitation Invitation, string Token) Create(InvitationTerms terms, string invitedBy, DateTimeOffset at)
    {
        var token = NewToken();
        return (new Invitation(terms, Hash(token), invitedBy, at), token);
    }

    /// <summary>
    /// Gives the open invitation a new link, valid for a full <see cref="Lifetime"/> from
    /// <paramref name="at"/>; the old link stops working. Returns the new token (never stored).
    /// </summary>
    public string Renew(DateTimeOffset at)
    {
        if (!IsOpen(at))
        {
            throw new DomainException($"The invitation of {Email} was accepted, withdrawn or has expired; invite them again instead.");
        }

        var token = NewToken();
        TokenHash = Hash(token);
        ExpiresAt = at + Lifetime;
        return token;
    }

    private static string NewToken() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).Replace('+', '-').Replace('/', '_').TrimEnd('=');

    public static string Hash(string token) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public bool IsOpen(DateTimeOffset now) => AcceptedAt is null && RevokedAt is null && now < ExpiresAt;

    public void Accept(DateTimeOffset at)
    {
        if (!IsOpen(at))
        {
            throw new DomainException("This invitation has expired or has already been used. Ask an administrator for a new one.");
        }

        AcceptedAt = at;
    }

    public void Revoke(DateTimeOffset at)
    {
        if (AcceptedAt is null)
        {
            RevokedAt ??= at;
        }
    }
}
