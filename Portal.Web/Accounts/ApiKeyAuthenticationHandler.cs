using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Portal.Core.Features.ApiClients;
using Portal.Web.Hubs;
using Portal.Web.Viewers;

namespace Portal.Web.Accounts;

/// <summary>
/// Authenticates programs by the key an Admin issued them: <c>Authorization: Bearer KEY</c>, or
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

    public static int? ApiClientIdOf(ClaimsPrincipal user) =>
        int.TryParse(user.FindFirst(ApiClientIdClaim)?.Value, System.Globalization.CultureInfo.InvariantCulture, out var id) ? id : null;

    public static string? KeyFrom(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return header["Bearer ".Length..].Trim();
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

        var claims = client.Audiences.Select(a => new Claim(CurrentViewer.AudienceClaimType, a))
            .Append(new Claim(ClaimTypes.Name, NamePrefix + client.Name))
            .Append(new Claim(ClaimTypes.NameIdentifier, NamePrefix + client.Id))
            .Append(new Claim(ApiClientIdClaim, client.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }
}
