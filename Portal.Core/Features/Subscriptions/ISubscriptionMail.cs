using Portal.Core.Domain;

namespace Portal.Core.Features.Subscriptions;

/// <summary>
/// The mail transport of email subscriptions (the portal's web layer implements it with MailKit):
/// it opens connections to the mail server, each of which sends one mail after another.
/// </summary>
public interface ISubscriptionMail
{
    /// <summary>Opens one connection; throws <see cref="MailServerUnavailableException"/> when the server cannot be reached.</summary>
    Task<ISubscriptionMailConnection> ConnectAsync(CancellationToken cancellationToken);
}

/// <summary>One open connection to the mail server.</summary>
public interface ISubscriptionMailConnection : IAsyncDisposable
{
    /// <summary>
    /// Sends one notice to one subscriber, with the Message-ID made of <paramref name="sequence"/> and the subscription.
    /// Throws <see cref="SubscriberRefusedException"/> when the server refuses the recipient (for good or for now);
    /// <see cref="MailServerUnavailableException"/> when the connection or the server failed, after which this connection is not used again.
    /// </summary>
    Task SendAsync(long sequence, EmailSubscription subscription, SubscriptionNotice notice, CancellationToken cancellationToken);
}

/// <summary>The mail server refused a subscriber's address: for good (5xx) or for now (4xx).</summary>
public sealed class SubscriberRefusedException(string address, bool permanent, string reply, Exception? inner = null)
    : Exception($"The mail server refused {address}: {reply}", inner)
{
    public bool Permanent { get; } = permanent;

    public string Reply { get; } = reply;
}

/// <summary>The mail server could not be reached, or failed for reasons not tied to one recipient.</summary>
public sealed class MailServerUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
