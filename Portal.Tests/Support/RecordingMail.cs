using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Portal.Web.Mail;

namespace Portal.Tests.Support;

/// <summary>Keeps every mail the portal sends instead of sending it.</summary>
public sealed partial class RecordingMail : IPortalMail
{
    private readonly ConcurrentQueue<SentMail> _sent = new();

    public IReadOnlyList<SentMail> Sent => [.. _sent];

    public Task SendAsync(string to, string subject, string textBody, CancellationToken cancellationToken = default)
    {
        _sent.Enqueue(new SentMail(to, subject, textBody));
        return Task.CompletedTask;
    }

    /// <summary>The confirmation link in the one mail sent to <paramref name="to"/>, as a path and query.</summary>
    public string ConfirmationLinkTo(string to)
    {
        var mail = Assert.Single(Sent, m => m.To == to);
        var link = ConfirmationLink().Match(mail.Body);
        Assert.True(link.Success, $"The mail to {to} holds no confirmation link:\n{mail.Body}");
        return new Uri(link.Value).PathAndQuery;
    }

    /// <summary>The password reset link in the newest mail sent to <paramref name="to"/>, as a path and query.</summary>
    public string PasswordResetLinkTo(string to)
    {
        var mail = Sent.Last(m => m.To == to);
        var link = PasswordResetLink().Match(mail.Body);
        Assert.True(link.Success, $"The mail to {to} holds no password reset link:\n{mail.Body}");
        return new Uri(link.Value).PathAndQuery;
    }

    [GeneratedRegex(@"https?://\S+/account/reset-password\?\S+")]
    private static partial Regex PasswordResetLink();

    [GeneratedRegex(@"https?://\S+/account/confirm-email\?\S+")]
    private static partial Regex ConfirmationLink();
}

public sealed record SentMail(string To, string Subject, string Body);
