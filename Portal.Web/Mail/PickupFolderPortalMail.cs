using Microsoft.Extensions.Options;

namespace Portal.Web.Mail;

/// <summary>
/// Writes each mail as <c>&lt;message-id&gt;.eml</c> in the pickup folder, for a mail server to collect or a
/// person to open. The name comes from the mail itself, so mails written at the same moment never mix up.
/// </summary>
internal sealed class PickupFolderPortalMail(string folder, IOptions<PortalMailOptions> options, ILogger<PickupFolderPortalMail> logger) : IPortalMail
{
    public string Folder => folder;

    public async Task SendAsync(string to, string subject, string textBody, CancellationToken cancellationToken = default)
    {
        string path;
        try
        {
            using var message = PortalMessages.Create(options.Value.From, to, subject, textBody);
            Directory.CreateDirectory(folder);
            path = Path.Combine(folder, FileNameOf(message.MessageId!));
            // CreateNew: a mail never replaces another one's file.
            await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, useAsync: true);
            await message.WriteToAsync(file, cancellationToken);
        }
        catch (Exception problem) when (problem is not OperationCanceledException)
        {
            throw new MailNotSentException(to, problem);
        }

        logger.LogInformation("Mail \"{Subject}\" to {To} is in {Path} (no SMTP server is set: Portal:Mail:SmtpHost)", subject, to, path);
    }

    /// <summary>The file a message is written to: its Message-Id with any character a file name cannot hold replaced.</summary>
    public static string FileNameOf(string messageId)
    {
        var invalid = Path.GetInvalidFileNameChars();
        return string.Concat(messageId.Select(c => invalid.Contains(c) ? '_' : c)) + ".eml";
    }
}
