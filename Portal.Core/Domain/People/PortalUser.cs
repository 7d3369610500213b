using Microsoft.AspNetCore.Identity;

namespace Portal.Core.Domain;

/// <summary>
/// A person with an account of the portal's own (the company's single sign-on may be down during
/// an incident). Sign-in, passwords, lockout and two-factor are ASP.NET Core Identity's.
/// </summary>
public sealed class PortalUser : IdentityUser
{
    public const int DisplayNameMaxLength = 120;
    public const int EmailMaxLength = 256;
    public const int OrganisationMaxLength = 120;

    private PortalUser()
    {
    }

    public PortalUser(string email, string displayName, DateTimeOffset createdAt)
    {
        var checkedEmail = Guard.Text(email, EmailMaxLength, nameof(email));
        UserName = checkedEmail;
        Email = checkedEmail;
        EmailConfirmed = true;
        DisplayName = Guard.Text(displayName, DisplayNameMaxLength, "name");
        CreatedAt = createdAt;
        LockoutEnabled = true;
    }

    public string DisplayName { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>The company a viewer belongs to (a supplier, a retailer), shown to Admins.</summary>
    public string? Organisation { get; private set; }

    /// <summary>Set for accounts whose password someone else chose (the bootstrap administrator).</summary>
    public bool MustChangePassword { get; private set; }

    /// <summary>A disabled person cannot sign in; their history stays.</summary>
    public bool IsDisabled { get; private set; }

    public void RequirePasswordChange() => MustChangePassword = true;

    public void PasswordChanged() => MustChangePassword = false;

    public void Disable() => IsDisabled = true;

    public void Enable() => IsDisabled = false;

    public void SetOrganisation(string? organisation) =>
        Organisation = Guard.OptionalText(organisation, OrganisationMaxLength, "organisation");

    /// <summary>A self-registered person has not yet proved the address is theirs; they cannot sign in.</summary>
    public void AwaitEmailConfirmation() => EmailConfirmed = false;

    public void Rename(string displayName) => DisplayName = Guard.Text(displayName, DisplayNameMaxLength, "name");
}
