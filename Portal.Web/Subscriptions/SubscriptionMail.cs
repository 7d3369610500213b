using System.Net;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using Portal.Core.Domain;
using Portal.Core.Features.Subscriptions;
using Portal.Web.Mail;

namespace Portal.Web.Subscriptions;

/// <summary>
/// Sends subscription notices with MailKit: plain-text and HTML parts, a Message-ID made of the event
/// sequence and the subscription id, links to the portal's public address, a manage link and one-click
/// unsubscribe (RFC 8058). With no <c>Portal:Mail:SmtpHost</c>, each mail is written to the pickup folder.
/// </summary>
internal sealed class SubscriptionMail(
    IOptions<PortalMailOptions> options, SubscriptionLinks links, string pickupFolder, ILogger<SubscriptionMail> logger) : ISubscriptionMail
{
    public async Task SendAsync(long sequence, EmailSubscription subscription, SubscriptionNotice notice, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        using var message = Compose(settings.From, sequence, subscription, notice);
        if (settings.SmtpHost is not { Length: > 0 } host)
        {
            Directory.CreateDirectory(pickupFolder);
            // Create: a repeat after a crash replaces its own file, as a receiver drops a repeated Message-ID.
            await using var file = new FileStream(Path.Combine(pickupFolder, PickupFolderPortalMail.FileNameOf(message.MessageId!)),
                FileMode.Create, FileAccess.Write, FileShare.None, 4096, useAsync: true);
            await message.WriteToAsync(file, cancellationToken);
            return;
        }

        using var client = new SmtpClient();
        await client.ConnectAsync(host, settings.SmtpPort,
            !settings.SmtpTls ? SecureSocketOptions.None : settings.SmtpPort == 465 ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTls,
            cancellationToken);
        if (settings.SmtpUserName is { Length: > 0 } userName)
        {
            await client.AuthenticateAsync(userName, settings.SmtpPassword ?? "", cancellationToken);
        }

        try
        {
            await client.SendAsync(message, cancellationToken);
        }
        catch (SmtpCommandException refused) when (refused.ErrorCode == SmtpErrorCode.RecipientNotAccepted && (int)refused.StatusCode >= 500)
        {
            throw new SubscriberRefusedException(subscription.Address, refused);
        }

        await client.DisconnectAsync(quit: true, cancellationToken);
        logger.LogDebug("Sent notice {Sequence} to subscription {Id}", sequence, subscription.Id);
    }

    public MimeMessage Compose(string from, long sequence, EmailSubscription subscription, SubscriptionNotice notice)
    {
        var sender = MailboxAddress.Parse(from);
        var page = links.Page(notice.RelativeLink);
        var manage = links.Manage(subscription.Id);
        var unsubscribe = links.Unsubscribe(subscription.Id);
        var text = $"""
            {notice.Text}

            Read more: {page}

            You receive this because you subscribed to updates from the estate status portal.
            Change what you receive or unsubscribe: {manage}
            """;
        var html = $"""
            <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{WebUtility.HtmlEncode(notice.Subject)}</title></head><body>
            <h1>{WebUtility.HtmlEncode(notice.Subject)}</h1>
            {notice.SanitisedHtml ?? string.Concat(notice.Text.Split("\n\n").Select(p => $"<p>{WebUtility.HtmlEncode(p)}</p>"))}
            <p><a href="{WebUtility.HtmlEncode(page)}">Read more on the estate status portal</a></p>
            <hr><p><small>You receive this because you subscribed to updates from the estate status portal.
            <a href="{WebUtility.HtmlEncode(manage)}">Change what you receive or unsubscribe</a>.</small></p>
            </body></html>
            """;
        var message = new MimeMessage
        {
            Subject = notice.Subject,
            MessageId = $"event-{sequence}.subscription-{subscription.Id}@{(sender.Domain is { Length: > 0 } domain ? domain : "localhost")}",
            Body = new BodyBuilder { TextBody = text, HtmlBody = html }.ToMessageBody(),
        };
        message.From.Add(sender);
        message.To.Add(MailboxAddress.Parse(subscription.Address));
        message.Headers.Add("List-Unsubscribe", $"<{unsubscribe}>");
        message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        return message;
    }
}
