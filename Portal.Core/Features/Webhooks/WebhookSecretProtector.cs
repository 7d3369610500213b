using Microsoft.AspNetCore.DataProtection;
using Portal.Core.Domain;

namespace Portal.Core.Features.Webhooks;

/// <summary>
/// Seals webhook signing secrets with ASP.NET Core Data Protection (keys beside the database, see
/// <see cref="PortalCoreServices"/>). A secret stored before secrets were sealed (it starts with
/// <c>whsec_</c>) is opened as it is, and sealed when the sender next starts.
/// </summary>
public sealed class WebhookSecretProtector(IDataProtectionProvider dataProtection) : IWebhookSecretProtector
{
    private readonly IDataProtector _protector = dataProtection.CreateProtector("Portal.Webhooks.SigningSecret.v1");

    public string Seal(string secret) => _protector.Protect(secret);

    public string Open(string sealedSecret) =>
        sealedSecret.StartsWith(WebhookEndpoint.SecretPrefix, StringComparison.Ordinal) ? sealedSecret : _protector.Unprotect(sealedSecret);
}

/// <summary>The portal's public address, the base of the links in Teams and Slack messages; ends in '/'.</summary>
public interface IPortalPublicAddress
{
    string Value { get; }
}

/// <summary>Tells an endpoint's owner that the portal disabled it; the web host sends a mail.</summary>
public interface IWebhookOwnerNotice
{
    /// <param name="ownerEmail">Who registered it, or who issued the key that did.</param>
    Task EndpointDisabledAsync(string ownerEmail, string organisation, string url, string reason, CancellationToken cancellationToken);
}
