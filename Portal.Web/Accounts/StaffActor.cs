using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Portal.Core.Domain;

namespace Portal.Web.Accounts;

/// <summary>
/// The signed-in person as a Core <see cref="Actor"/>: their email, roles and network address.
/// The address is captured when the page's circuit connects, since a circuit has no HTTP request
/// of its own afterwards.
/// </summary>
public sealed class StaffActor(AuthenticationStateProvider authenticationState, ClientAddress address)
{
    public async Task<Actor> GetAsync()
    {
        var user = (await authenticationState.GetAuthenticationStateAsync()).User;
        return From(user, address.Value);
    }

    public static Actor From(ClaimsPrincipal user, string? address)
    {
        if (user.Identity?.IsAuthenticated != true || user.Identity.Name is not { Length: > 0 } name)
        {
            throw new ForbiddenException("Sign in first.");
        }

        var roles = user.FindAll(ClaimTypes.Role).Select(c => c.Value).Where(PortalRoles.All.Contains);
        return new Actor(name, address, new HashSet<string>(roles, StringComparer.Ordinal));
    }
}
