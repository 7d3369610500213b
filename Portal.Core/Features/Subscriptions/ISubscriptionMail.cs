using Portal.Core.Domain;

namespace Portal.Core.Features.Subscriptions;

/// <summary>
/// Sends one notice to one email subscriber (the portal's web layer implements it with MailKit). The
/// mail's Message-ID is made of the event sequence and the subscription id, so a repeat after a
/// crash can be dropped by the receiver.
/// </summary>
public interface ISubscriptionMail
{
    /// <summary>
    /// Sends the mail. Throws <see cref="SubscriberRefusedException"/> when the mail server refuses this
    /// recipient for good; any other exception means the server could not be reached or failed, and the
    /// notice must be sent again later.
    /// </summary>
    Task SendAsync(long sequence, EmailSubscription subscription, SubscriptionNotice notice, CancellationToken cancellationToken);
}

/// <summary>The mail server refused a subscriber's address permanently.</summary>
public sealed class SubscriberRefusedException(string address, Exception inner)
    : Exception($"The mail server refused {address}.", inner);
