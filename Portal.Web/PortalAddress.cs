using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Portal.Core;
using Portal.Web.Mail;

namespace Portal.Web;

/// <summary>
/// The portal's address, the base of every absolute link it gives out (links in mails, the Statuspage
/// API's <c>page.url</c>). It never comes from the request: a forged <c>Host</c> header would otherwise
/// send a victim a confirmation link to the forger's site. It is <c>Portal:PublicAddress</c> when set,
/// else <c>Portal:Mail:PortalAddress</c>; otherwise the first http(s) address Kestrel listens on, with a
/// wildcard host (<c>0.0.0.0</c>, <c>[::]</c>, <c>+</c>, <c>*</c>) read as <c>localhost</c>, which suits only
/// a demonstration, so start-up warns (<see cref="WarnIfNotConfigured"/>).
/// </summary>
public sealed class PortalAddress(IOptions<PortalOptions> portal, IOptions<PortalMailOptions> mail, IServer server)
    : Portal.Core.Features.Webhooks.IPortalPublicAddress
{
    /// <summary>The portal's address, ending in '/'.</summary>
    public string Value
    {
        get
        {
            var address = Configured ?? Listening() ?? "http://localhost/";
            return address.EndsWith('/') ? address : address + "/";
        }
    }

    private string? Configured =>
        portal.Value.PublicAddress is { Length: > 0 } configured ? configured
        : mail.Value.PortalAddress is { Length: > 0 } fallback ? fallback
        : null;

    private string? Listening()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var first = addresses.FirstOrDefault(a => a.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            ?? addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.OrdinalIgnoreCase));
        if (first is null)
        {
            return null;
        }

        var schemeEnd = first.IndexOf("://", StringComparison.Ordinal) + 3;
        var hostEnd = first[schemeEnd] == '[' ? first.IndexOf(']', schemeEnd) + 1 : first.IndexOfAny([':', '/'], schemeEnd);
        hostEnd = hostEnd <= 0 ? first.Length : hostEnd;
        return first[schemeEnd..hostEnd] is "0.0.0.0" or "[::]" or "+" or "*"
            ? first[..schemeEnd] + "localhost" + first[hostEnd..]
            : first;
    }

    /// <summary>Logs once, at start-up, that links use the listening address because none is configured.</summary>
    public void WarnIfNotConfigured(ILogger logger)
    {
        if (Configured is null)
        {
            logger.LogWarning(
                "Portal:PublicAddress is not set, so links in mails and the Statuspage API use the address the portal listens on ({Address}). "
                + "Set it to the portal's public address (e.g. https://status.example.com) for any real deployment.", Value);
        }
    }
}
