using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Primitives;

namespace Portal.LoadTest;

/// <summary>An answer of the portal as it went over the wire: status, the headers that describe it, the (compressed) body.</summary>
internal sealed record CapturedAnswer(string Path, bool Conditional, string? SentETag, int Status, IReadOnlyList<KeyValuePair<string, StringValues>> Headers, byte[] Body)
{
    /// <summary>Set by the server per response or connection, so not replayed: Kestrel sets its own.</summary>
    private static readonly HashSet<string> ServerHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Date", "Server", "Content-Length", "Transfer-Encoding", "Connection", "Keep-Alive",
    };

    public string? ETag => Headers.FirstOrDefault(h => h.Key.Equals("ETag", StringComparison.OrdinalIgnoreCase)).Value.FirstOrDefault();

    public static async Task<CapturedAnswer> FetchAsync(HttpClient client, Uri server, ReadRequest read, string? etag)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(server, read.Path));
        request.Headers.TryAddWithoutValidation("Accept-Encoding", "br");
        if (etag is not null)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", etag);
        }

        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsByteArrayAsync();
        var expected = read.Conditional ? HttpStatusCode.NotModified : HttpStatusCode.OK;
        if (response.StatusCode != expected)
        {
            throw new InvalidOperationException($"{read.Name} answered {(int)response.StatusCode}, not {(int)expected}: nothing to compare.");
        }

        var headers = response.Headers.Concat(response.Content.Headers)
            .Where(h => !ServerHeaders.Contains(h.Key))
            .Select(h => KeyValuePair.Create(h.Key, new StringValues(h.Value.ToArray())))
            .ToList();
        return new CapturedAnswer(read.Path, read.Conditional, etag, (int)response.StatusCode, headers, body);
    }

    public string Describe()
    {
        string Header(string name) => Headers.FirstOrDefault(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value.ToString() is { Length: > 0 } value ? value : "-";
        return string.Create(CultureInfo.InvariantCulture,
            $"{Path}{(Conditional ? " (If-None-Match)" : "")}: {Status}, {Body.Length:N0} bytes, Content-Encoding {Header("Content-Encoding")}, ETag {Header("ETag")}, Cache-Control {Header("Cache-Control")}, {Headers.Count} headers");
    }
}

/// <summary>
/// The reference: Kestrel and nothing else, answering each measured request with the portal's captured
/// answer (a conditional request with the captured 304), in this process on a free 127.0.0.1 port.
/// </summary>
internal sealed class ReferenceServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ReferenceServer(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    public Uri Url { get; }

    public static async Task<ReferenceServer> StartAsync(IReadOnlyList<CapturedAnswer> answers)
    {
        var plain = answers.Where(a => !a.Conditional).ToDictionary(a => a.Path, StringComparer.Ordinal);
        var conditional = answers.Where(a => a.Conditional).ToDictionary(a => a.Path, StringComparer.Ordinal);

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(options => options.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.Run(context =>
        {
            var path = context.Request.Path.Value ?? "/";
            var answer = context.Request.Headers.ContainsKey("If-None-Match") && conditional.TryGetValue(path, out var notModified)
                ? notModified
                : plain.GetValueOrDefault(path);
            if (answer is null)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }

            context.Response.StatusCode = answer.Status;
            foreach (var (name, value) in answer.Headers)
            {
                context.Response.Headers[name] = value;
            }

            if (answer.Body.Length == 0)
            {
                return Task.CompletedTask;
            }

            context.Response.ContentLength = answer.Body.Length;
            return context.Response.Body.WriteAsync(answer.Body, 0, answer.Body.Length, context.RequestAborted);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new ReferenceServer(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
