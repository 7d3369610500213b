namespace Portal.Web.Accounts;

/// <summary>The account settings under "Portal" in configuration.</summary>
public sealed class AccountOptions
{
    /// <summary>Administrators must use an authenticator app before they can open the console.</summary>
    public bool RequireTwoFactorForAdmins { get; set; } = true;

    /// <summary>Posts per client address and window to the forms that send mail (see <see cref="MailingFormLimit"/>).</summary>
    public int MailingFormPosts { get; set; } = 5;

    public TimeSpan MailingFormWindow { get; set; } = TimeSpan.FromMinutes(15);

    public BootstrapAdminOptions BootstrapAdmin { get; set; } = new();
}

public sealed class BootstrapAdminOptions
{
    /// <summary>The first administrator, created when the portal has none.</summary>
    public string Email { get; set; } = "admin@localhost";
}
