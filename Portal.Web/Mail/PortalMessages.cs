using MimeKit;
using MimeKit.Utils;

namespace Portal.Web.Mail;

/// <summary>Builds the portal's plain-text mails, each with its own Message-Id.</summary>
internal static class PortalMessages
{
    public static MimeMessage Create(string from, string to, string subject, string textBody)
    {
        var sender = MailboxAddress.Parse(from);
        var message = new MimeMessage
        {
            Subject = subject,
            Body = new TextPart("plain") { Text = textBody },
            MessageId = MimeUtils.GenerateMessageId(sender.Domain is { Length: > 0 } domain ? domain : "localhost"),
        };
        message.From.Add(sender);
        message.To.Add(MailboxAddress.Parse(to));
        return message;
    }
}
