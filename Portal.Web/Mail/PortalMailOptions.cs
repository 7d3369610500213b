namespace Portal.Web.Mail;

/// <summary>The settings under <c>Portal:Mail</c>. Credentials come from the environment or a secret store, never the repository.</summary>
public sealed class PortalMailOptions
{
    public const string Section = "Portal:Mail";

    /// <summary>The sender address of every mail.</summary>
    public string From { get; set; } = "Estate status <no-reply@localhost>";

    /// <summary>When set, mail goes to this SMTP server; when empty, to the pickup folder.</summary>
    public string? SmtpHost { get; set; }

    public int SmtpPort { get; set; } = 587;

    /// <summary>Use TLS with the SMTP server: STARTTLS, or TLS from the start on port 465.</summary>
    public bool SmtpTls { get; set; } = true;

    public string? SmtpUserName { get; set; }

    public string? SmtpPassword { get; set; }

    /// <summary>The pickup folder; relative paths are under the data folder. Default: <c>&lt;DataFolder&gt;/outbox</c>.</summary>
    public string PickupFolder { get; set; } = "outbox";

    /// <summary>
    /// The portal's public address, read only when <c>Portal:PublicAddress</c> is not set (which is the key to
    /// use): see <see cref="Portal.Web.PortalAddress"/>.
    /// </summary>
    public string? PortalAddress { get; set; }
}
