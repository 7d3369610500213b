using System.Reflection;
using System.Security.Cryptography;
using System.Text;

namespace Portal.Web.Api;

/// <summary>
/// <c>/widget.js</c>, the script other sites embed: one classic script (an embedding page may not
/// load modules from another origin) made of <c>wwwroot/status-hub.js</c>, the hub connection that
/// live.js imports as a module, and <c>Widget/widget.js</c>, in one scope so nothing leaks into the
/// embedding page. Both are embedded in the assembly, so the bundle is the same wherever the portal runs.
/// </summary>
public static class WidgetEndpoints
{
    public const string Path = "/widget.js";

    private static readonly Lazy<(string Script, string ETag)> Bundle = new(() =>
    {
        var script = Bundled(Read("status-hub.js"), Read("widget.js"));
        return (script, $"\"{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(script)))[..16]}\"");
    });

    public static IEndpointRouteBuilder MapWidgetEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Path, (HttpContext context) =>
            {
                var (script, etag) = Bundle.Value;
                context.Response.Headers.ETag = etag;
                context.Response.Headers.CacheControl = "no-cache";
                return context.Request.Headers.IfNoneMatch.ToString() == etag
                    ? Results.StatusCode(StatusCodes.Status304NotModified)
                    : Results.Text(script, "text/javascript", Encoding.UTF8);
            })
            .WithName("Widget")
            .WithSummary("The embeddable status widget, with the hub connection it shares with the portal's own pages.")
            .ExcludeFromDescription();
        return endpoints;
    }

    /// <summary>The module's exports become plain declarations in the widget's scope.</summary>
    internal static string Bundled(string statusHubModule, string widget) =>
        $"(() => {{\n{statusHubModule.Replace("\nexport function ", "\nfunction ", StringComparison.Ordinal)}\n{widget}}})();\n";

    private static string Read(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"Portal.Web.Widget.{name}")
            ?? throw new InvalidOperationException($"The widget's {name} is not embedded in the portal.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
