using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace Portal.Web.Viewers;

/// <summary>
/// "Preview as audience": an Admin reads the portal exactly as one audience does (Public and that
/// audience, none of the Admin's own memberships) without signing in as someone else. The choice
/// lives in a data-protected cookie bound to the Admin's user id; <see cref="AudiencePreviewClaims"/>
/// turns it into the principal's audience claims on every request, so pages, live circuits, the
/// hub and the Statuspage API all read through the same <see cref="CurrentViewer"/>. It only ever
/// narrows what is read: roles stay, so the console and its changes work as before.
/// </summary>
public sealed class AudiencePreview(IDataProtectionProvider dataProtection)
{
    public const string CookieName = "portal.preview";

    /// <summary>The claim the transformation adds while previewing; its value is the audience key.</summary>
    public const string ClaimType = "portal:previewing";

    /// <summary>The issuer of <see cref="ClaimType"/>, so a claim of that type from anywhere else (a stored user claim) means nothing.</summary>
    public const string ClaimIssuer = "Portal.AudiencePreview";

    /// <summary>As long as a sign-in lasts; a forgotten preview ends with the session anyway.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(8);

    private readonly ITimeLimitedDataProtector _protector =
        dataProtection.CreateProtector("Portal.Web.AudiencePreview.v1").ToTimeLimitedDataProtector();

    /// <summary>The audience an Admin previews, or null when they read as themselves.</summary>
    public static string? AudienceOf(ClaimsPrincipal user) =>
        user.FindFirst(c => c.Type == ClaimType && c.Issuer == ClaimIssuer)?.Value;

    public void Start(HttpContext context, string userId, string audienceKey) =>
        context.Response.Cookies.Append(CookieName, _protector.Protect($"{userId}\n{audienceKey}", Lifetime), Options(context));

    public static void Stop(HttpContext context) => context.Response.Cookies.Delete(CookieName, Options(context));

    /// <summary>The audience in the request's preview cookie when it was issued to <paramref name="userId"/>; otherwise null.</summary>
    public string? Read(HttpRequest request, string userId)
    {
        if (!request.Cookies.TryGetValue(CookieName, out var value) || string.IsNullOrEmpty(value))
        {
            return null;
        }

        try
        {
            var parts = _protector.Unprotect(value).Split('\n');
            return parts.Length == 2 && parts[0] == userId && parts[1].Length > 0 ? parts[1] : null;
        }
        catch (CryptographicException)
        {
            // Forged, expired, or from keys the portal no longer holds: no preview.
            return null;
        }
    }

    private static CookieOptions Options(HttpContext context) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = context.Request.IsHttps,
        Path = "/",
        IsEssential = true,
    };
}
