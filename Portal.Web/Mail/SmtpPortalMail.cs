using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;

namespace Portal.Web.Mail;

/// <summary>Sends mail through the SMTP server in <see cref="PortalMailOptions.SmtpHost"/>, with MailKit.</summary>
internal sealed class SmtpPortalMail(IOptions<PortalMailOptions> options, ILogger<SmtpPortalMail> logger) : IPortalMail
{
    public async Task SendAsync(string to, string subject, string textBody, CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        try
        {
            using var message = PortalMessages.Create(settings.From, to, subject, textBody);
            using var client = new SmtpClient();
            // This sender is chosen only when SmtpHost is set (PortalWebServices).
            await client.ConnectAsync(settings.SmtpHost!, settings.SmtpPort, Security(settings), cancellationToken);
            if (settings.SmtpUserName is { Length: > 0 } userName)
            {
                await client.AuthenticateAsync(userName, settings.SmtpPassword ?? "", cancellationToken);
            }

            await client.SendAsync(message, cancellationToken);
            await client.DisconnectAsync(quit: true, cancellationToken);
        }
        catch (Exception problem) when (problem is not OperationCanceledException)
        {
            throw new MailNotSentException(to, problem);
        }

        logger.LogInformation("Sent \"{Subject}\" to {To} through {SmtpHost}", subject, to, settings.SmtpHost);
    }

    private static SecureSocketOptions Security(PortalMailOptions settings) =>
        !settings.SmtpTls ? SecureSocketOptions.None
        : settings.SmtpPort == 465 ? SecureSocketOptions.SslOnConnect
        : SecureSocketOptions.StartTls;
}
