using System.Security.Claims;
using Microsoft.Extensions.Options;
using Portal.Core;
using Portal.Core.Domain;

namespace Portal.Web.Accounts;

/// <summary>
/// What a signed-in person must do before using the console: change a password someone else
/// chose, then (for administrators, by default) set up an authenticator app. Checked on every
/// HTTP request by <see cref="UseAccountGate"/> and on every console page in its layout, because
/// interactive navigation makes no HTTP request.
/// </summary>
public sealed class AccountGate(IOptions<PortalOptions> options)
{
    public const string ChangePasswordPath = "/account/change-password";
    public const string TwoFactorPath = "/account/two-factor";

    /// <summary>Where the person must go first, or null when they may carry on.</summary>
    public string? RequiredStep(ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true)
        {
            return null;
        }

        if (user.HasClaim(PortalClaims.MustChangePassword, "true"))
        {
            return ChangePasswordPath;
        }

        return options.Value.RequireTwoFactorForAdmins
            && user.IsInRole(PortalRoles.Admin)
            && !user.HasClaim(PortalClaims.TwoFactorEnabled, "true")
            ? TwoFactorPath
            : null;
    }

    /// <summary>Sends people with a required step there before they reach any console page.</summary>
    public static void UseAccountGate(WebApplication app) =>
        app.Use(async (context, next) =>
        {
            var path = context.Request.Path;
            if (path.StartsWithSegments("/admin") || path.StartsWithSegments("/api/admin"))
            {
                var step = context.RequestServices.GetRequiredService<AccountGate>().RequiredStep(context.User);
                if (step is not null)
                {
                    context.Response.Redirect($"{step}?returnUrl={Uri.EscapeDataString(path + context.Request.QueryString)}");
                    return;
                }
            }

            await next();
        });
}
