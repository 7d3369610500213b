namespace Portal.Web.Mail;

/// <summary>
/// Sends the portal's few emails (confirmation links). By default they are written as .eml files to a
/// pickup folder so the portal works with no mail server; with <c>Portal:Mail:SmtpHost</c> set they go by SMTP.
/// </summary>
public interface IPortalMail
{
    /// <summary>Sends one plain-text mail; any failure is a <see cref="MailNotSentException"/>.</summary>
    Task SendAsync(string to, string subject, string textBody, CancellationToken cancellationToken = default);
}
