using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Portal.Core.Domain;

namespace Portal.Web.Viewers;

/// <summary>
/// Applies an Admin's preview to the signed-in principal: replaces their audience claims with the
/// previewed audience and marks the principal as previewing. Anyone who is not an Admin, or whose
/// cookie was issued to someone else, is left exactly as they are (and never carries the marker).
/// </summary>
internal sealed class AudiencePreviewClaims(IHttpContextAccessor httpContext, AudiencePreview preview) : IClaimsTransformation
{
    public Task<ClaimsPrincipal> TransformAsync(ClaimsPrincipal principal)
    {
        if (AudiencePreview.AudienceOf(principal) is not null)
        {
            // Authentication may run more than once per request (the hub's policy scheme forwards
            // to the cookie); the preview is applied once.
            return Task.FromResult(principal);
        }

        var identity = principal.Identities.FirstOrDefault(i => i.IsAuthenticated && i.AuthenticationType == IdentityConstants.ApplicationScheme);
        if (identity is null
            || !principal.IsInRole(PortalRoles.Admin)
            || identity.FindFirst(ClaimTypes.NameIdentifier)?.Value is not { Length: > 0 } userId
            || httpContext.HttpContext?.Request is not { } request
            || preview.Read(request, userId) is not { } audience)
        {
            return Task.FromResult(principal);
        }

        var previewing = identity.Clone();
        foreach (var membership in previewing.FindAll(CurrentViewer.AudienceClaimType).ToList())
        {
            previewing.RemoveClaim(membership);
        }

        previewing.AddClaim(new Claim(CurrentViewer.AudienceClaimType, audience));
        previewing.AddClaim(new Claim(AudiencePreview.ClaimType, audience, ClaimValueTypes.String, AudiencePreview.ClaimIssuer));
        return Task.FromResult(new ClaimsPrincipal(principal.Identities.Select(i => ReferenceEquals(i, identity) ? previewing : i)));
    }
}
