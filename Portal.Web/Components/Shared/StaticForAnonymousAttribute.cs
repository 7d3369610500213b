using System.Collections.Concurrent;
using Microsoft.AspNetCore.Components.Endpoints;

namespace Portal.Web.Components.Shared;

/// <summary>
/// Marks a public page that an anonymous request renders as static server-side HTML (no Blazor
/// circuit), kept live in the browser by <c>wwwroot/live.js</c> over the status hub. Signed-in
/// viewers still get an interactive circuit. The page must derive from <see cref="LivePage"/>,
/// whose root carries the <c>data-sequence</c> the script resumes from.
/// </summary>
/// <remarks>
/// An anonymous board page as a circuit held 1.4 to 1.6 MB of server memory; the same page served
/// static costs one hub connection (see the README's Scale section).
/// </remarks>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class StaticForAnonymousAttribute : Attribute
{
    /// <summary>Whether each page type is marked: asked several times for every public read, so read by reflection once.</summary>
    private static readonly ConcurrentDictionary<Type, bool> Marked = new();

    /// <summary>True when this request is anonymous and for a page marked with this attribute.</summary>
    public static bool Applies(HttpContext context) =>
        context.User.Identity?.IsAuthenticated != true
        && context.GetEndpoint()?.Metadata.GetMetadata<ComponentTypeMetadata>()?.Type is { } page
        && Marked.GetOrAdd(page, static type => type.IsDefined(typeof(StaticForAnonymousAttribute), inherit: false));
}
