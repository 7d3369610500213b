using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Portal.Core.Domain;

namespace Portal.Web.Accounts;

/// <summary>Re-issues a person's cookie after their account changed, from a fresh read of the account.</summary>
public sealed class AccountSessions(IServiceScopeFactory scopes)
{
    /// <summary>
    /// The request's own DbContext may still hold the account as it was when the page loaded, so
    /// the new cookie is built in a fresh scope. Returns the new principal.
    /// </summary>
    public async Task<ClaimsPrincipal> RefreshAsync(string userId)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var signIn = scope.ServiceProvider.GetRequiredService<SignInManager<PortalUser>>();
        var user = await users.FindByIdAsync(userId) ?? throw new InvalidOperationException("The account disappeared while signing in.");
        await signIn.RefreshSignInAsync(user);
        return await signIn.CreateUserPrincipalAsync(user);
    }
}
