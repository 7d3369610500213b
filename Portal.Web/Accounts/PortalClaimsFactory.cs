using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Portal.Core.Domain;

namespace Portal.Web.Accounts;

/// <summary>Adds the person's audiences (once their address is confirmed), the person's name and what they must still do (change password, set up two-factor) to their cookie.</summary>
internal sealed class PortalClaimsFactory(
    UserManager<PortalUser> userManager,
    RoleManager<IdentityRole> roleManager,
    IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<PortalUser, IdentityRole>(userManager, roleManager, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(PortalUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (!user.EmailConfirmed)
        {
            // Belt and braces: sign-in already refuses unconfirmed addresses, and no cookie of one
            // may ever carry an audience.
            foreach (var membership in identity.FindAll(AudienceMembership.ClaimType).ToList())
            {
                identity.RemoveClaim(membership);
            }
        }

        identity.AddClaim(new Claim(PortalClaims.DisplayName, user.DisplayName));
        identity.AddClaim(new Claim(PortalClaims.MustChangePassword, user.MustChangePassword ? "true" : "false"));
        identity.AddClaim(new Claim(PortalClaims.TwoFactorEnabled, user.TwoFactorEnabled ? "true" : "false"));
        return identity;
    }
}
