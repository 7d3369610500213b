namespace Portal.Web.Accounts;

/// <summary>Claims the portal adds to a signed-in person's cookie.</summary>
public static class PortalClaims
{
    public const string DisplayName = "portal:name";

    /// <summary>"true" while the person still signs in with a password someone else chose.</summary>
    public const string MustChangePassword = "portal:must-change-password";

    /// <summary>"true" when the person signs in with an authenticator app as well as a password.</summary>
    public const string TwoFactorEnabled = "portal:2fa";

    /// <summary>The <see cref="Portal.Core.Domain.PersonSession"/> the cookie belongs to; without a live one the cookie is worthless.</summary>
    public const string Session = "portal:session";
}
