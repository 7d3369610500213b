using System.Text.Json;
using Portal.Core.Domain;

namespace Portal.Web.Api;

public static class StatusLookEndpoints
{
    /// <summary>The script the embeddable widget loads to name and colour statuses.</summary>
    public const string ScriptPath = "/widget-statuses.js";

    // A script rather than JSON: the widget runs on other sites, and a script tag needs no CORS.
    private static readonly string Script = BuildScript();

    /// <summary>
    /// <c>/widget-statuses.js</c>: sets <c>window.estateStatusLooks</c> to each status's name, colour,
    /// icon and summary, keyed as the hub writes statuses ("operational"), from
    /// <see cref="SystemStatusExtensions.Appearance"/>, the same definition the portal's own pages use.
    /// </summary>
    public static IEndpointRouteBuilder MapStatusLookEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(ScriptPath, (HttpContext context) =>
            {
                context.Response.Headers.CacheControl = "public, max-age=3600";
                return TypedResults.Text(Script, "text/javascript; charset=utf-8");
            })
            .WithName("WidgetStatusLooks")
            .WithSummary("The name, colour and icon of each system status, as a script for the embeddable widget.");
        return endpoints;
    }

    private static string BuildScript()
    {
        var looks = Enum.GetValues<SystemStatus>().ToDictionary(
            status => JsonNamingPolicy.CamelCase.ConvertName(status.ToString()),
            status => status.Appearance() is var look
                ? new { name = look.DisplayName, colour = look.Colour, icon = look.Icon, summary = look.Summary }
                : null);
        return $"window.estateStatusLooks = {JsonSerializer.Serialize(looks)};\n";
    }
}
