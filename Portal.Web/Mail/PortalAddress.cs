using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Portal.Web.Mail;

/// <summary>
/// The portal's address for links in mails. It never comes from the request: a forged <c>Host</c> header
/// would otherwise send a victim a confirmation link to the forger's site. It is
/// <c>Portal:Mail:PortalAddress</c> when set; otherwise the first http(s) address Kestrel listens on, with a
/// wildcard host (<c>0.0.0.0</c>, <c>[::]</c>, <c>+</c>, <c>*</c>) read as <c>localhost</c>, which suits only
/// a demonstration, so start-up warns (<see cref="WarnIfNotConfigured"/>).
/// </summary>
public sealed class PortalAddress(IOptions<PortalMailOptions> options, IServer server)
{
    /// <summary>The portal's address, ending in '/'.</summary>
    public string Value
    {
        get
        {
            var address = options.Value.PortalAddress is { Length: > 0 } configured ? configured : Listening() ?? "http://localhost/";
            return address.EndsWith('/') ? address : address + "/";
        }
    }

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

    /// <summary>Logs once, at start-up, that links in mails use the listening address because none is configured.</summary>
    public void WarnIfNotConfigured(ILogger logger)
    {
        if (options.Value.PortalAddress is not { Length: > 0 })
        {
            logger.LogWarning(
                "Portal:Mail:PortalAddress is not set, so links in mails use the address the portal listens on ({Address}). "
                + "Set it to the portal's public address (e.g. https://status.example.com) for any real deployment.", Value);
        }
    }
}
