using System.Reflection;
using Microsoft.AspNetCore.Components;

namespace Portal.Web.Components.Pages.Audiences;

/// <summary>
/// Where an audience's page lives: its own short address when <see cref="AudiencePageView"/> declares
/// one (<c>/suppliers</c>), otherwise <c>/for/{key}</c>, which serves every audience an administrator adds.
/// </summary>
public static class AudiencePagePaths
{
    private static readonly HashSet<string> ShortPaths = typeof(AudiencePageView).GetCustomAttributes<RouteAttribute>()
        .Select(r => r.Template)
        .Where(t => !t.Contains('{', StringComparison.Ordinal))
        .ToHashSet(StringComparer.OrdinalIgnoreCase);

    public static string For(string audienceKey) =>
        ShortPaths.Contains("/" + audienceKey) ? "/" + audienceKey : "/for/" + Uri.EscapeDataString(audienceKey);

    /// <summary>
    /// The audience whose page a path (with or without its leading slash) shows: "suppliers" for
    /// "/suppliers" and "/for/suppliers"; null for any other page.
    /// </summary>
    public static string? KeyOf(string path)
    {
        var trimmed = "/" + path.Split('?', '#')[0].Trim('/');
        if (ShortPaths.Contains(trimmed))
        {
            return trimmed[1..].ToLowerInvariant();
        }

        var segments = trimmed.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments is ["for", var key] ? Uri.UnescapeDataString(key).ToLowerInvariant() : null;
    }
}
