using System.Net;
using System.Net.Mail;
using System.Text;
using Microsoft.Extensions.Options;

namespace Portal.Web.Mail;

/// <summary>Sends mail through the SMTP server in <see cref="PortalMailOptions.SmtpHost"/>.</summary>
internal sealed class SmtpPortalMail(IOptions<PortalMailOptions> options, ILogger<SmtpPortalMail> logger) : IPortalMail
{
    public async Task SendAsync(string to, string subject, string textBody, CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        using var message = PortalMessages.Create(settings.From, to, subject, textBody);
        using var client = new SmtpClient(settings.SmtpHost, settings.SmtpPort) { EnableSsl = settings.SmtpTls };
        if (settings.SmtpUserName is { Length: > 0 } userName)
        {
            client.Credentials = new NetworkCredential(userName, settings.SmtpPassword);
        }

        await client.SendMailAsync(message, cancellationToken);
        logger.LogInformation("Sent \"{Subject}\" to {To} through {SmtpHost}", subject, to, settings.SmtpHost);
    }
}

/// <summary>Writes each mail as an .eml file to the pickup folder, for a mail server to collect or a person to open.</summary>
internal sealed class PickupFolderPortalMail(string folder, IOptions<PortalMailOptions> options, ILogger<PickupFolderPortalMail> logger) : IPortalMail
{
    public string Folder => folder;

    public async Task SendAsync(string to, string subject, string textBody, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(folder);
        using var message = PortalMessages.Create(options.Value.From, to, subject, textBody);
        // SmtpClient names the files itself; list the folder before and after to say which one is new.
        var before = Directory.GetFiles(folder, "*.eml").ToHashSet(StringComparer.Ordinal);
        using var client = new SmtpClient
        {
            DeliveryMethod = SmtpDeliveryMethod.SpecifiedPickupDirectory,
            PickupDirectoryLocation = folder,
        };
        await client.SendMailAsync(message, cancellationToken);
        var written = Directory.GetFiles(folder, "*.eml").FirstOrDefault(f => !before.Contains(f)) ?? folder;
        logger.LogInformation("Mail \"{Subject}\" to {To} is in {Path} (no SMTP server is set: Portal:Mail:SmtpHost)", subject, to, written);
    }
}

internal static class PortalMessages
{
    public static MailMessage Create(string from, string to, string subject, string textBody) =>
        new(new MailAddress(from), new MailAddress(to))
        {
            Subject = subject,
            Body = textBody,
            IsBodyHtml = false,
            BodyEncoding = Encoding.UTF8,
            SubjectEncoding = Encoding.UTF8,
        };
}
