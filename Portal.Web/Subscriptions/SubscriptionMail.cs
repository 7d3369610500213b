using System.Net;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using Portal.Core.Domain;
using Portal.Core.Features.Subscriptions;
using Portal.Web.Mail;

namespace Portal.Web.Subscriptions;

/// <summary>
/// Sends subscription mail with MailKit over connections the sender pools: plain-text and HTML parts,
/// a Message-ID made of the event sequence and the subscription id, links to the portal's public
/// address, a manage link and one-click unsubscribe (RFC 8058). With no <c>Portal:Mail:SmtpHost</c>,
/// each mail is written to the pickup folder instead.
/// </summary>
public sealed class SubscriptionMail(IOptions<PortalMailOptions> options, SubscriptionLinks links, string pickupFolder) : ISubscriptionMail
{
    public async Task<ISubscriptionMailConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (settings.SmtpHost is not { Length: > 0 } host)
        {
            return new PickupConnection(this, pickupFolder);
        }

        var client = new SmtpClient();
        try
        {
            await client.ConnectAsync(host, settings.SmtpPort,
                !settings.SmtpTls ? SecureSocketOptions.None : settings.SmtpPort == 465 ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTls,
                cancellationToken);
            if (settings.SmtpUserName is { Length: > 0 } userName)
            {
                await client.AuthenticateAsync(userName, settings.SmtpPassword ?? "", cancellationToken);
            }

            return new SmtpConnection(this, client);
        }
        catch (Exception problem) when (problem is not OperationCanceledException)
        {
            client.Dispose();
            throw new MailServerUnavailableException($"Could not connect to the mail server {host}:{settings.SmtpPort}: {problem.Message}", problem);
        }
    }

    /// <summary>Sends the double opt-in mail for an anonymous subscription over a connection of its own.</summary>
    public async Task SendConfirmationAsync(string address, string confirmationToken, CancellationToken cancellationToken)
    {
        var sender = MailboxAddress.Parse(options.Value.From);
        using var message = new MimeMessage
        {
            Subject = "Confirm your subscription to estate status updates",
            Body = new BodyBuilder
            {
                TextBody = $"""
                    Someone, probably you, asked to receive estate status updates at this address.

                    To confirm, open this link and press the button on the page:
                    {links.Confirm(confirmationToken)}

                    If it was not you, ignore this mail: nothing will be sent.
                    """,
            }.ToMessageBody(),
        };
        message.From.Add(sender);
        message.To.Add(MailboxAddress.Parse(address));
        await using var connection = await ConnectAsync(cancellationToken);
        await ((MailConnection)connection).SendMessageAsync(message, address, cancellationToken);
    }

    public MimeMessage Compose(long sequence, EmailSubscription subscription, SubscriptionNotice notice) =>
        Compose(sequence, subscription, Render(notice));

    /// <summary>
    /// The parts of a notice's mail that are the same for every subscriber: everything but the greeting and manage link,
    /// rendered once and then completed for each subscriber with their own links.
    /// </summary>
    private RenderedNotice Render(SubscriptionNotice notice)
    {
        const string Marker = "\u0000manage\u0000";
        const string Greeting = "\u0000greeting\u0000";
        var sender = MailboxAddress.Parse(options.Value.From);
        var page = links.Page(notice.RelativeLink);
        var text = $"""
            {notice.Subject}

            {notice.Text}

            Read more: {page}

            You receive this because you subscribed to updates from the estate status portal.
            Change what you receive or unsubscribe: {Marker}
            """;
        var html = $"""
            <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{WebUtility.HtmlEncode(notice.Subject)}</title></head><body>
            {Greeting}<h1>{WebUtility.HtmlEncode(notice.Subject)}</h1>
            {notice.SanitisedHtml ?? string.Concat(notice.Text.Split("\n\n").Select(p => $"<p>{WebUtility.HtmlEncode(p)}</p>"))}
            <p><a href="{WebUtility.HtmlEncode(page)}">Read more on the estate status portal</a></p>
            <hr><p><small>You receive this because you subscribed to updates from the estate status portal.
            <a href="{Marker}">Change what you receive or unsubscribe</a>.</small></p>
            </body></html>
            """;
        var textAt = text.IndexOf(Marker, StringComparison.Ordinal);
        var greetingAt = html.IndexOf(Greeting, StringComparison.Ordinal);
        var htmlAt = html.IndexOf(Marker, StringComparison.Ordinal);
        return new RenderedNotice(notice, sender, sender.Domain is { Length: > 0 } domain ? domain : "localhost",
            text[..textAt], text[(textAt + Marker.Length)..],
            html[..greetingAt], html[(greetingAt + Greeting.Length)..htmlAt], html[(htmlAt + Marker.Length)..]);
    }

    private MimeMessage Compose(long sequence, EmailSubscription subscription, RenderedNotice rendered)
    {
        var (manage, unsubscribe) = links.ManageAndUnsubscribe(subscription.Id);

        // An imported contact was given with a name: the mail greets them by it.
        var named = subscription.Name is { Length: > 0 };
        var message = new MimeMessage
        {
            Subject = rendered.Notice.Subject,
            MessageId = EmailDelivery.MessageIdFor(sequence, subscription.Id, rendered.Domain),
            Body = new BodyBuilder
            {
                TextBody = string.Concat(named ? $"Hello {subscription.Name},\n\n" : "", rendered.TextBefore, manage, rendered.TextAfter),
                HtmlBody = string.Concat(rendered.HtmlOpening, named ? $"<p>Hello {WebUtility.HtmlEncode(subscription.Name)},</p>\n" : "",
                    rendered.HtmlBefore, WebUtility.HtmlEncode(manage), rendered.HtmlAfter),
            }.ToMessageBody(),
        };

        // A copy per message: an address in a message's list is watched by that list, so one instance in every message would keep them all.
        message.From.Add(new MailboxAddress(rendered.Sender.Name, rendered.Sender.Address));
        message.To.Add(new MailboxAddress(subscription.Name ?? "", subscription.Address));
        message.Headers.Add("List-Unsubscribe", $"<{unsubscribe}>");
        message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        return message;
    }

    /// <summary>
    /// A notice's mail rendered once, without the subscriber's greeting (which goes before the text and after the
    /// HTML opening) and manage link (which goes between the befores and afters).
    /// </summary>
    private sealed record RenderedNotice(SubscriptionNotice Notice, MailboxAddress Sender, string Domain,
        string TextBefore, string TextAfter, string HtmlOpening, string HtmlBefore, string HtmlAfter);

    private abstract class MailConnection(SubscriptionMail owner) : ISubscriptionMailConnection
    {
        private RenderedNotice? _rendered;

        public async Task SendAsync(long sequence, EmailSubscription subscription, SubscriptionNotice notice, CancellationToken cancellationToken)
        {
            // The sender hands the same notice instance to every subscriber of a batch who may see the event.
            if (!ReferenceEquals(_rendered?.Notice, notice))
            {
                _rendered = owner.Render(notice);
            }

            using var message = owner.Compose(sequence, subscription, _rendered!);
            await SendMessageAsync(message, subscription.Address, cancellationToken);
        }

        public abstract Task SendMessageAsync(MimeMessage message, string address, CancellationToken cancellationToken);

        public abstract ValueTask DisposeAsync();
    }

    private sealed class SmtpConnection(SubscriptionMail owner, SmtpClient client) : MailConnection(owner)
    {
        public override async Task SendMessageAsync(MimeMessage message, string address, CancellationToken cancellationToken)
        {
            try
            {
                await client.SendAsync(message, cancellationToken);
            }
            catch (SmtpCommandException refused) when (refused.ErrorCode == SmtpErrorCode.RecipientNotAccepted)
            {
                // The connection stays usable: MailKit resets the transaction after a refused recipient.
                throw new SubscriberRefusedException(address, (int)refused.StatusCode >= 500, $"{(int)refused.StatusCode} {refused.Message}", refused);
            }
            catch (Exception problem) when (problem is SmtpCommandException or SmtpProtocolException or ServiceNotConnectedException or IOException or SocketException)
            {
                throw new MailServerUnavailableException($"The mail server failed while sending: {problem.Message}", problem);
            }
        }

        public override async ValueTask DisposeAsync()
        {
            try
            {
                if (client.IsConnected)
                {
                    using var quitting = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                    await client.DisconnectAsync(quit: true, quitting.Token);
                }
            }
            catch (Exception problem) when (problem is IOException or SocketException or SmtpProtocolException or OperationCanceledException)
            {
                // Closing a broken connection: nothing to tell anyone.
            }
            finally
            {
                client.Dispose();
            }
        }
    }

    private sealed class PickupConnection(SubscriptionMail owner, string folder) : MailConnection(owner)
    {
        public override async Task SendMessageAsync(MimeMessage message, string address, CancellationToken cancellationToken)
        {
            Directory.CreateDirectory(folder);
            // Create: a repeat after a crash replaces its own file, as a receiver drops a repeated Message-ID.
            var name = message.MessageId is { Length: > 0 } id ? PickupFolderPortalMail.FileNameOf(id) : $"{Guid.NewGuid():N}.eml";
            await using var file = new FileStream(Path.Combine(folder, name), FileMode.Create, FileAccess.Write, FileShare.None, 4096, useAsync: true);
            await message.WriteToAsync(file, cancellationToken);
        }

        public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
