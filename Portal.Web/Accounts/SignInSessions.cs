using System.Buffers.Text;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Core.Domain;
using Portal.Core.Persistence;

namespace Portal.Web.Accounts;

/// <summary>
/// The server-side record of each sign-in (<see cref="PersonSession"/>), in the database so every
/// node sees a sign-out at once. A cookie is honoured only while its session exists: it is checked
/// on every request, and every minute on a live page.
/// </summary>
public sealed class SignInSessions(IDbContextFactory<PortalDbContext> databases, TimeProvider clock)
{
    // Last-seen times are written at most this often per session, not on every request.
    private static readonly TimeSpan SeenResolution = TimeSpan.FromHours(1);

    // A session unused this long has no cookie left (cookies last 8 hours, renewed while used).
    private static readonly TimeSpan Abandoned = TimeSpan.FromDays(2);

    /// <summary>Starts a session for a person signing in; returns its id for the cookie.</summary>
    public async Task<string> StartAsync(string userId, CancellationToken cancellationToken = default)
    {
        var id = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetUtcNow();
        var abandoned = now - Abandoned;
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        await db.PersonSessions.Where(s => s.UserId == userId && s.LastSeenAt < abandoned).ExecuteDeleteAsync(cancellationToken);
        db.PersonSessions.Add(new PersonSession(id, userId, now));
        await db.SaveChangesAsync(cancellationToken);
        return id;
    }

    /// <summary>Whether the person's session is still live (not signed out, not ended everywhere).</summary>
    public async Task<bool> IsLiveAsync(string userId, string sessionId, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var lastSeen = await db.PersonSessions.AsNoTracking()
            .Where(s => s.Id == sessionId && s.UserId == userId)
            .Select(s => (DateTimeOffset?)s.LastSeenAt)
            .FirstOrDefaultAsync(cancellationToken);
        if (lastSeen is null)
        {
            return false;
        }

        var now = clock.GetUtcNow();
        if (now - lastSeen > SeenResolution)
        {
            await db.PersonSessions.Where(s => s.Id == sessionId).ExecuteUpdateAsync(u => u.SetProperty(s => s.LastSeenAt, now), cancellationToken);
        }

        return true;
    }

    /// <summary>Ends one session (signing out on one browser).</summary>
    public async Task EndAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        await db.PersonSessions.Where(s => s.Id == sessionId).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>Whether <paramref name="principal"/> is a signed-in person whose cookie names a live session.</summary>
    public async Task<bool> IsLiveAsync(ClaimsPrincipal principal, string userIdClaimType, CancellationToken cancellationToken = default) =>
        principal.FindFirstValue(userIdClaimType) is { Length: > 0 } userId
        && principal.FindFirstValue(PortalClaims.Session) is { Length: > 0 } sessionId
        && await IsLiveAsync(userId, sessionId, cancellationToken);
}

internal static class SignInSessionsSetup
{
    /// <summary>
    /// Checks the session before Identity's security stamp on every request that carries the
    /// sign-in cookie, and keeps the session in the cookie when Identity re-issues it.
    /// </summary>
    public static IServiceCollection AddSignInSessions(this IServiceCollection services)
    {
        services.AddSingleton<SignInSessions>();
        services.PostConfigure<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme, options =>
        {
            var checkStamp = options.Events.OnValidatePrincipal;
            options.Events.OnValidatePrincipal = async context =>
            {
                var services = context.HttpContext.RequestServices;
                var userIdClaim = services.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity.UserIdClaimType;
                if (context.Principal is null
                    || !await services.GetRequiredService<SignInSessions>().IsLiveAsync(context.Principal, userIdClaim, context.HttpContext.RequestAborted))
                {
                    context.RejectPrincipal();
                    await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
                    return;
                }

                await checkStamp(context);
            };
        });
        services.Configure<SecurityStampValidatorOptions>(options => options.OnRefreshingPrincipal = context =>
        {
            if (context.CurrentPrincipal?.FindFirst(PortalClaims.Session) is { } session
                && context.NewPrincipal?.Identities.FirstOrDefault() is { } identity
                && !identity.HasClaim(c => c.Type == PortalClaims.Session))
            {
                identity.AddClaim(new Claim(PortalClaims.Session, session.Value));
            }

            return Task.CompletedTask;
        });
        return services;
    }
}
