using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;

namespace Portal.Web.Accounts;

internal static class ApiKeyAuthentication
{
    public const string HubPolicy = "StatusHub";

    /// <summary>
    /// Adds the key scheme and the hub's policy: anyone may connect (anonymous is Public), but a
    /// request that presents a key the portal does not know is refused rather than quietly served as Public.
    /// </summary>
    public static AuthenticationBuilder AddApiKeys(this AuthenticationBuilder authentication, IServiceCollection services)
    {
        authentication
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddPolicyScheme(ApiKeyAuthenticationHandler.HubScheme, null, options =>
                options.ForwardDefaultSelector = context => ApiKeyAuthenticationHandler.KeyFrom(context.Request) is null
                    ? IdentityConstants.ApplicationScheme
                    : ApiKeyAuthenticationHandler.SchemeName);

        services.AddAuthorizationBuilder().AddPolicy(HubPolicy, policy => policy
            .AddAuthenticationSchemes(ApiKeyAuthenticationHandler.HubScheme)
            .RequireAssertion(context => context.Resource is not HttpContext http
                || ApiKeyAuthenticationHandler.KeyFrom(http.Request) is null
                || context.User.Identities.Any(i => i.AuthenticationType == ApiKeyAuthenticationHandler.SchemeName)));
        return authentication;
    }
}
