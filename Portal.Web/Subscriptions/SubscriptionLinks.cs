using Microsoft.AspNetCore.DataProtection;

namespace Portal.Web.Subscriptions;

/// <summary>
/// The manage and unsubscribe links of an email subscription. They need no account: the token is the
/// subscription id protected with the portal's data-protection keys, so it cannot be forged or guessed,
/// and it stops working when the subscription is deleted.
/// </summary>
public sealed class SubscriptionLinks
{
    private readonly IDataProtector _protector;
    private readonly Func<string> _portal;

    public SubscriptionLinks(IDataProtectionProvider protection, PortalAddress portal)
        : this(protection, () => portal.Value)
    {
    }

    /// <param name="portal">The portal's public address, ending in '/'.</param>
    internal SubscriptionLinks(IDataProtectionProvider protection, Func<string> portal)
    {
        _protector = protection.CreateProtector("Portal.EmailSubscriptions.Manage");
        _portal = portal;
    }

    public string TokenFor(long subscriptionId) => _protector.Protect(subscriptionId.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The subscription id in <paramref name="token"/>, or null when it is not one of the portal's tokens.</summary>
    public long? IdFrom(string? token)
    {
        if (token is not { Length: > 0 and < 1000 })
        {
            return null;
        }

        try
        {
            return long.TryParse(_protector.Unprotect(token), System.Globalization.CultureInfo.InvariantCulture, out var id) ? id : null;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }

    public string Manage(long subscriptionId) => $"{_portal()}subscriptions/manage?token={Uri.EscapeDataString(TokenFor(subscriptionId))}";

    public string Unsubscribe(long subscriptionId) => $"{_portal()}subscriptions/unsubscribe?token={Uri.EscapeDataString(TokenFor(subscriptionId))}";

    /// <summary>
    /// The manage and the unsubscribe link of one subscription with one token between them: protecting the id
    /// once costs half as much, and either link takes either token.
    /// </summary>
    public (string Manage, string Unsubscribe) ManageAndUnsubscribe(long subscriptionId)
    {
        var token = Uri.EscapeDataString(TokenFor(subscriptionId));
        var portal = _portal();
        return ($"{portal}subscriptions/manage?token={token}", $"{portal}subscriptions/unsubscribe?token={token}");
    }

    public string Confirm(string confirmationToken) => $"{_portal()}subscriptions/confirm?token={Uri.EscapeDataString(confirmationToken)}";

    public string Page(string relative) => _portal() + relative;
}
