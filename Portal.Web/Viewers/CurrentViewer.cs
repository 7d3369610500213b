using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Portal.Core.Domain;

namespace Portal.Web.Viewers;

/// <summary>
/// The viewer behind the current request or circuit. Audiences come from the signed-in person's
/// <see cref="AudienceClaimType"/> claims; anyone else is Public only. While an Admin previews an
/// audience, <see cref="AudiencePreviewClaims"/> has already replaced those claims with that one
/// audience, so pages, the hub and the API read exactly as that audience does.
/// </summary>
public sealed class CurrentViewer(AuthenticationStateProvider authenticationState)
{
    public const string AudienceClaimType = AudienceMembership.ClaimType;

    public async Task<Viewer> GetAsync()
    {
        var state = await authenticationState.GetAuthenticationStateAsync();
        return From(state.User);
    }

    public static Viewer From(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true
            ? new Viewer(user.FindAll(AudienceClaimType).Select(c => c.Value))
            : Viewer.Anonymous;
}
