using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using Portal.Core.Domain;

namespace Portal.Core.Features.Webhooks;

/// <summary>
/// Keeps webhooks on the internet: an endpoint whose host is, or resolves to, a loopback, private
/// or link-local address is refused when registered and again at every connection (a host name can
/// be made to resolve elsewhere after it was checked), unless <see cref="WebhookOptions.AllowPrivateAddresses"/>.
/// </summary>
public sealed class WebhookAddresses(IOptions<WebhookOptions> options)
{
    /// <summary>Throws <see cref="DomainException"/> with a message for the form when <paramref name="url"/> may not be used.</summary>
    public async Task CheckAsync(string url, CancellationToken cancellationToken)
    {
        if (options.Value.AllowPrivateAddresses || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return;
        }

        var host = uri.DnsSafeHost;
        IPAddress[] addresses;
        try
        {
            addresses = await ResolveAsync(host, cancellationToken);
        }
        catch (SocketException)
        {
            throw new DomainException($"The host name '{host}' cannot be found. Check the address.");
        }

        if (addresses.FirstOrDefault(a => !IsPublic(a)) is { } inside)
        {
            throw new DomainException(
                $"'{host}' is a loopback, private or link-local address ({inside}). Webhooks go only to receivers on the internet.");
        }
    }

    /// <summary>Connects to the first address of the host that is allowed; the HTTP handler's connection callback.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = await ResolveAsync(host, cancellationToken);
        if (!options.Value.AllowPrivateAddresses)
        {
            addresses = [.. addresses.Where(IsPublic)];
            if (addresses.Length == 0)
            {
                throw new HttpRequestException($"Refused: '{host}' resolves only to loopback, private or link-local addresses.");
            }
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Whether <paramref name="address"/> is on the internet (not loopback, private, link-local, shared, multicast or reserved).</summary>
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address))
        {
            return false;
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return !(b[0] == 0 || b[0] == 10 || b[0] == 127 || b[0] >= 224
                || (b[0] == 100 && b[1] >= 64 && b[1] <= 127)
                || (b[0] == 169 && b[1] == 254)
                || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)
                || (b[0] == 192 && b[1] == 0 && b[2] == 0)
                || (b[0] == 192 && b[1] == 168)
                || (b[0] == 198 && (b[1] == 18 || b[1] == 19)));
        }

        var bytes = address.GetAddressBytes();
        if (address.Equals(IPAddress.IPv6Any) || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast
            || (bytes[0] & 0xFE) == 0xFC)
        {
            return false;
        }

        // 6to4 (2002::/16) and NAT64 (64:ff9b::/96) carry an IPv4 address that must itself be public.
        if (bytes[0] == 0x20 && bytes[1] == 0x02)
        {
            return IsPublic(new IPAddress(bytes[2..6]));
        }

        if (bytes[0] == 0x00 && bytes[1] == 0x64 && bytes[2] == 0xFF && bytes[3] == 0x9B)
        {
            return IsPublic(new IPAddress(bytes[12..16]));
        }

        return true;
    }

    private static async Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
        IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
}
