using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Portal.Core.Domain;
using Portal.Core.Features.ApiClients;
using Portal.Web.Hubs;
using Portal.Web.Viewers;

namespace Portal.Web.Accounts;

/// <summary>
/// Authenticates programs by the key an Admin issued them: <c>Authorization: Bearer KEY</c> (or
/// <c>OAuth KEY</c>, as Atlassian Statuspage's clients send it), or
/// <c>?access_token=KEY</c> on the hub only (browsers cannot set headers on a WebSocket, so
/// SignalR's JavaScript client puts the token in the query string there).
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    FindApiClientByKey findApiClient)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    /// <summary>The hub's scheme: an API key when the request carries one, otherwise the sign-in cookie (or nobody: Public).</summary>
    public const string HubScheme = "StatusHub";

    /// <summary>The name claim of a program, so audit and logs never mistake it for a person.</summary>
    public const string NamePrefix = "api-client:";

    /// <summary>The claim holding the id of the API client a key belongs to.</summary>
    public const string ApiClientIdClaim = "portal:api-client";

    /// <summary>The claims that carry a key's scopes and their limits, so <see cref="ActorOf"/> can rebuild its grant.</summary>
    public const string ScopeClaim = "portal:api-scope";
    public const string StatusSystemClaim = "portal:api-status-system";
    public const string StatusGroupClaim = "portal:api-status-group";
    public const string MetricClaim = "portal:api-metric";
    public const string ActorNameClaim = "portal:api-actor";

    /// <summary>The program behind a key-authenticated request, as Core use cases check and audit it; null for anyone else.</summary>
    public static Actor? ActorOf(HttpContext context)
    {
        var user = context.User;
        if (ApiClientIdOf(user) is null || user.FindFirst(ActorNameClaim)?.Value is not { } name)
        {
            return null;
        }

        var grant = new ApiKeyGrant(
            user.FindAll(ScopeClaim).Select(c => c.Value).ToHashSet(StringComparer.Ordinal),
            [.. user.FindAll(StatusSystemClaim).Select(c => c.Value)],
            [.. user.FindAll(StatusGroupClaim).Select(c => int.Parse(c.Value, System.Globalization.CultureInfo.InvariantCulture))],
            [.. user.FindAll(MetricClaim).Select(c => c.Value)]);
        return Actor.ForApiKey(name, context.Connection.RemoteIpAddress?.ToString(), grant);
    }

    public static int? ApiClientIdOf(ClaimsPrincipal user) =>
        int.TryParse(user.FindFirst(ApiClientIdClaim)?.Value, System.Globalization.CultureInfo.InvariantCulture, out var id) ? id : null;

    public static string? KeyFrom(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return header["Bearer ".Length..].Trim();
        }

        if (header.StartsWith("OAuth ", StringComparison.OrdinalIgnoreCase))
        {
            return header["OAuth ".Length..].Trim();
        }

        return request.Path.StartsWithSegments(StatusHub.Path) && request.Query["access_token"].ToString() is { Length: > 0 } token
            ? token
            : null;
    }

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (KeyFrom(Request) is not { } key)
        {
            return AuthenticateResult.NoResult();
        }

        if (await findApiClient.HandleAsync(key, Context.RequestAborted) is not { } client)
        {
            return AuthenticateResult.Fail("The API key is unknown or revoked.");
        }

        // A key reads as its audiences only with the read scope; a write-only key reads as Public.
        var grant = client.Grant;
        var audiences = grant.Has(ApiScopes.Read) ? client.Audiences : [];
        var claims = audiences.Select(a => new Claim(CurrentViewer.AudienceClaimType, a))
            .Concat(grant.Scopes.Select(s => new Claim(ScopeClaim, s)))
            .Concat(grant.StatusSystems.Select(s => new Claim(StatusSystemClaim, s)))
            .Concat(grant.StatusGroups.Select(g => new Claim(StatusGroupClaim, g.ToString(System.Globalization.CultureInfo.InvariantCulture))))
            .Concat(grant.Metrics.Select(m => new Claim(MetricClaim, m)))
            .Append(new Claim(ActorNameClaim, client.ActorName))
            .Append(new Claim(ClaimTypes.Name, NamePrefix + client.Name))
            .Append(new Claim(ClaimTypes.NameIdentifier, NamePrefix + client.Id))
            .Append(new Claim(ApiClientIdClaim, client.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        if (Request.Path.StartsWithSegments(Api.ApiV1.Prefix))
        {
            await TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "An API key is needed",
                detail: "Send a key that is neither revoked nor expired as 'Authorization: Bearer KEY' (or 'OAuth KEY').").ExecuteAsync(Context);
        }
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        if (Request.Path.StartsWithSegments(Api.ApiV1.Prefix))
        {
            await TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not allowed",
                detail: "This key does not have the scope this needs.").ExecuteAsync(Context);
        }
    }
}
