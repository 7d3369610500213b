using System.Net;
using System.Net.Sockets;

namespace Portal.Tests.Support;

/// <summary>
/// A browser on another machine, as far as the portal can tell: its connections come from
/// <c>localAddress</c> (any 127.x.y.z address reaches the server on 127.0.0.1), so tests can sign in
/// from several client addresses. Keeps cookies; does not follow redirects.
/// </summary>
public static class LoopbackClient
{
    public static HttpClient From(Uri server, string localAddress) =>
        new(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = true,
            CookieContainer = new CookieContainer(),
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(IPAddress.Parse(localAddress), 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        })
        {
            BaseAddress = server,
            Timeout = TimeSpan.FromSeconds(30),
        };
}
