using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Portal.Core.Domain;

namespace Portal.Web.Accounts;

/// <summary>
/// Re-checks a live page's signed-in person every minute: once they are disabled, deleted, signed
/// out (their session ended), or their security stamp changes (roles changed, two-factor reset,
/// password changed), the page loses their identity without waiting for the cookie to expire.
/// </summary>
internal sealed class RevalidatingStaffStateProvider(
    ILoggerFactory loggerFactory,
    IServiceScopeFactory scopeFactory,
    IOptions<IdentityOptions> options,
    SignInSessions sessions)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(1);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        return await IsValidAsync(users, authenticationState.User, cancellationToken);
    }

    private async Task<bool> IsValidAsync(UserManager<PortalUser> users, ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        if (principal.Identity?.IsAuthenticated != true)
        {
            return true;
        }

        var user = await users.GetUserAsync(principal);
        if (user is null || user.IsDisabled
            || !await sessions.IsLiveAsync(principal, options.Value.ClaimsIdentity.UserIdClaimType, cancellationToken))
        {
            return false;
        }

        if (!users.SupportsUserSecurityStamp)
        {
            return true;
        }

        var stamp = principal.FindFirstValue(options.Value.ClaimsIdentity.SecurityStampClaimType);
        return stamp == await users.GetSecurityStampAsync(user);
    }
}
