using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Portal.LoadTest;

/// <summary>
/// A live board page as the portal sees it, without a browser: the requests live.js makes, in its order,
/// with its headers. It asks for the board, connects to the status hub anonymously and resumes from the
/// page's <c>data-sequence</c>; on the change measured (a system's status change or a published statement)
/// it notes when it heard the event (where a page draws the change in place) and, one to three seconds later, asks for the board again as Blazor's
/// enhanced navigation does, noting when that answer includes the change.
/// </summary>
/// <remarks>
/// A crowd's browsers run on the viewers' own machines. Tabs on the machine that also runs the portal
/// spend its 2 cores on drawing (about 8 ms a page) rather than on the portal, so a <c>--pages</c> run
/// can make most of its pages these and keep a sample of real tabs to measure the drawing.
/// </remarks>
internal sealed partial class WirePage
{
    // live.js: a change already shown in place refreshes between one and three seconds after the event.
    private const int RefreshAfterMilliseconds = 1000;
    private const int RefreshSpreadMilliseconds = 2000;

    private readonly HttpMessageInvoker _http;
    private readonly Uri _url;
    private readonly string _changeType;
    private readonly Action<string, double> _report;
    private HubConnection? _hub;
    private long _rendered;

    private WirePage(HttpMessageInvoker http, Uri url, string changeType, Action<string, double> report) =>
        (_http, _url, _changeType, _report) = (http, url, changeType, report);

    /// <summary>The connection pool every page shares, as a browser shares its own: compressed answers, as a browser asks for them.</summary>
    public static HttpMessageInvoker CreatePool() => new(
        new SocketsHttpHandler { AutomaticDecompression = System.Net.DecompressionMethods.All, PooledConnectionIdleTimeout = TimeSpan.FromSeconds(5) },
        disposeHandler: true);

    /// <summary>
    /// Opens one page: the board's HTML, then its hub connection. <paramref name="report"/> hears
    /// ("heard", Unix ms) when an event of <paramref name="changeType"/> (one live.js draws in place) arrives,
    /// and ("current", Unix ms) when the refresh after it brings a render that includes it.
    /// </summary>
    public static async Task<WirePage> OpenAsync(HttpMessageInvoker http, Uri url, string changeType, Action<string, double> report, CancellationToken cancellationToken)
    {
        var page = new WirePage(http, url, changeType, report);
        page._rendered = await page.LoadAsync(enhanced: false, cancellationToken);
        var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(url, "/hubs/status"), options =>
            {
                options.Transports = HttpTransportType.WebSockets;
                options.HttpMessageHandlerFactory = _ => new HubClients.SharedHandler(http);
            })
            .Build();
        hub.On<JsonElement>("event", page.Heard);
        await hub.StartAsync(cancellationToken);
        page._hub = hub;

        // live.js, on (re)connecting: whatever was committed between the render and now.
        await hub.InvokeAsync<JsonElement>("Resume", page._rendered, cancellationToken);
        return page;
    }

    public async ValueTask CloseAsync()
    {
        if (_hub is not null)
        {
            await _hub.DisposeAsync();
        }
    }

    private void Heard(JsonElement message)
    {
        var at = UnixMilliseconds();
        var sequence = message.GetProperty("sequence").GetInt64();
        if (message.GetProperty("type").GetString() != _changeType || sequence <= _rendered)
        {
            return;
        }

        _report("heard", at);
        _ = RefreshAsync(sequence);
    }

    private async Task RefreshAsync(long sequence)
    {
        await Task.Delay(RefreshAfterMilliseconds + Random.Shared.Next(RefreshSpreadMilliseconds));
        try
        {
            var rendered = await LoadAsync(enhanced: true, CancellationToken.None);
            if (rendered >= sequence)
            {
                _rendered = rendered;
                _report("current", UnixMilliseconds());
            }
        }
        catch (HttpRequestException)
        {
            // A page whose refresh failed stays behind; the run reports it as not caught up.
        }
    }

    /// <summary>Asks for the board (as a document, or as Blazor's enhanced navigation does) and returns the sequence it is current at.</summary>
    private async Task<long> LoadAsync(bool enhanced, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, _url);
        request.Headers.Accept.Add(enhanced
            ? new MediaTypeWithQualityHeaderValue("text/html") { Parameters = { new NameValueHeaderValue("blazor-enhanced-nav", "on") } }
            : new MediaTypeWithQualityHeaderValue("text/html"));

        // Chromium's, in its order: the portal keeps one answer per audience set and Accept-Encoding header,
        // so a header of its own would cost a render of its own and the run would not be one crowd's.
        foreach (var encoding in new[] { "gzip", "deflate", "br", "zstd" })
        {
            request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue(encoding));
        }
        using var response = await _http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        var html = await response.Content.ReadAsStringAsync(cancellationToken);
        var found = DataSequence().Match(html);
        return found.Success ? long.Parse(found.Groups[1].ValueSpan, CultureInfo.InvariantCulture)
            : throw new InvalidOperationException("The board's HTML has no data-sequence.");
    }

    private static double UnixMilliseconds() => (TimeProvider.System.GetUtcNow() - DateTimeOffset.UnixEpoch).TotalMilliseconds;

    [GeneratedRegex("""data-sequence="(\d+)""")]
    private static partial Regex DataSequence();
}
