using Microsoft.Extensions.Options;
using Portal.Web.Accounts;

namespace Portal.Web.Hubs;

/// <summary>
/// Refuses a hub connection that a browser opens with the portal's sign-in cookie from another
/// site's page: that page would read whatever the signed-in person may see. Such connections must come
/// from the portal's own address (the host the request was made to) or one of
/// <see cref="StatusHubOptions.AllowedOrigins"/>. Anonymous and API-key connections carry nothing of the
/// person's and may come from anywhere (the widget on other sites); so may requests without an
/// <c>Origin</c> header, which browsers always send on cross-origin requests and WebSockets.
/// </summary>
internal static class HubCookieOrigins
{
    /// <summary>Wraps every endpoint of the hub (negotiate and connect) in the origin check.</summary>
    public static HubEndpointConventionBuilder RequireOwnOriginForCookies(this HubEndpointConventionBuilder hub)
    {
        hub.Add(endpoint =>
        {
            var next = endpoint.RequestDelegate
                ?? throw new InvalidOperationException($"The hub endpoint {endpoint.DisplayName} has no request delegate.");
            endpoint.RequestDelegate = context => IsAllowed(context) ? next(context) : RefuseAsync(context);
        });
        return hub;
    }

    /// <summary>True unless the request is signed in by cookie and comes from a browser page on an origin not allowed.</summary>
    public static bool IsAllowed(HttpContext context)
    {
        var origin = context.Request.Headers.Origin.ToString();
        var user = context.User;
        if (origin.Length == 0 || user.Identity?.IsAuthenticated != true || ApiKeyAuthenticationHandler.ApiClientIdOf(user) is not null)
        {
            return true;
        }

        if (Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            && uri.Scheme is "https" or "http"
            && string.Equals(uri.Host, context.Request.Host.Host, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var allowed = context.RequestServices.GetRequiredService<IOptions<StatusHubOptions>>().Value.AllowedOrigins;
        return allowed.Any(a => string.Equals(a.Trim().TrimEnd('/'), origin, StringComparison.OrdinalIgnoreCase));
    }

    private static Task RefuseAsync(HttpContext context) =>
        TypedResults.Problem(
            title: "Connection refused",
            detail: "A signed-in connection to the status hub must come from the portal's own pages. Connect without the portal's cookie (as the public) or with an API key.",
            statusCode: StatusCodes.Status403Forbidden).ExecuteAsync(context);
}
