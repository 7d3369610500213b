using System.Reflection;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace Portal.Tests.Isolation;

/// <summary>
/// Every address the portal answers a GET on, found rather than listed: the routable components of
/// Portal.Web (their <see cref="RouteAttribute"/>s) and the GET endpoints of the running app's
/// <see cref="EndpointDataSource"/> (minimal APIs, the hub, static files). Pages and endpoints
/// added later are walked without changing this code. Framework and library files
/// (<c>_framework/</c>, <c>_content/</c>, <c>lib/</c>, pre-compressed copies) hold no portal data and are left out.
/// </summary>
public static class PortalRoutes
{
    private static readonly string[] LibraryPrefixes = ["/_framework", "/_content", "/_blazor", "/lib/"];

    public static IReadOnlyList<RoutePattern> All(IServiceProvider services)
    {
        var components = typeof(Program).Assembly.GetTypes()
            .Where(t => typeof(IComponent).IsAssignableFrom(t))
            .SelectMany(t => t.GetCustomAttributes<RouteAttribute>())
            .Select(r => RoutePatternFactory.Parse(r.Template));
        var endpoints = services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IHttpMethodMetadata>() is not { } methods
                || methods.HttpMethods.Count == 0 || methods.HttpMethods.Contains("GET"))
            .Select(e => e.RoutePattern);

        return components.Concat(endpoints)
            .GroupBy(p => Normalise(p.RawText ?? ""), StringComparer.OrdinalIgnoreCase)
            .Select(g => g.First())
            .Where(p => !IsLibraryFile(Normalise(p.RawText ?? "")))
            .OrderBy(p => Normalise(p.RawText ?? ""), StringComparer.Ordinal)
            .ToList();
    }

    public static string Normalise(string template) => "/" + template.TrimStart('/');

    /// <summary>
    /// The addresses for <paramref name="pattern"/> with each parameter filled from
    /// <paramref name="values"/>: numbers for int-constrained parameters, any value otherwise.
    /// </summary>
    public static IEnumerable<string> Fill(RoutePattern pattern, IReadOnlyList<string> values, int limit = 400)
    {
        IEnumerable<string> addresses = [""];
        foreach (var segment in pattern.PathSegments)
        {
            addresses = Expand(addresses, segment, values, pattern).ToList();
        }

        return addresses.Select(a => a.Length == 0 ? "/" : a).Distinct(StringComparer.Ordinal).Take(limit);
    }

    private static IEnumerable<string> Expand(IEnumerable<string> prefixes, RoutePatternPathSegment segment, IReadOnlyList<string> values, RoutePattern pattern)
    {
        IEnumerable<string> texts = [""];
        foreach (var part in segment.Parts)
        {
            IReadOnlyList<string> choices = part switch
            {
                RoutePatternLiteralPart literal => [literal.Content],
                RoutePatternSeparatorPart separator => [separator.Content],
                RoutePatternParameterPart parameter => ValuesFor(parameter, values, pattern),
                _ => [""],
            };
            texts = texts.SelectMany(t => choices.Select(c => t + c)).ToList();
        }

        return prefixes.SelectMany(prefix => texts.Select(text => text.Length == 0 ? prefix : $"{prefix}/{Uri.EscapeDataString(text)}"));
    }

    /// <summary>Whether the parameter only takes numbers (an <c>int</c> or <c>long</c> constraint).</summary>
    public static bool IsNumeric(RoutePattern pattern, RoutePatternParameterPart parameter) =>
        parameter.ParameterPolicies.Any(p => p.Content is "int" or "long")
        || (pattern.ParameterPolicies.TryGetValue(parameter.Name, out var policies) && policies.Any(p => p.Content is "int" or "long"));

    private static List<string> ValuesFor(RoutePatternParameterPart parameter, IReadOnlyList<string> values, RoutePattern pattern)
    {
        // Numbers for numeric parameters; words (slugs, keys) and one number for the others.
        var numeric = IsNumeric(pattern, parameter);
        var chosen = values.Where(v => long.TryParse(v, out _) == numeric).ToList();
        if (!numeric && values.LastOrDefault(v => long.TryParse(v, out _)) is { } number)
        {
            chosen.Add(number);
        }

        if (parameter.IsOptional)
        {
            chosen.Add("");
        }

        return chosen;
    }

    private static bool IsLibraryFile(string path) =>
        LibraryPrefixes.Any(prefix => path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        || path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)
        || path.EndsWith(".br", StringComparison.OrdinalIgnoreCase);
}
