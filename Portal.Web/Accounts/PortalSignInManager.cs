using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Portal.Core.Domain;

namespace Portal.Web.Accounts;

/// <summary>
/// Identity's sign-in with the portal's rules: disabled people cannot sign in; every sign-in starts a
/// server-side session that signing out ends (<see cref="SignInSessions"/>); and a sign-in attempt
/// says nothing about whether the account exists, is disabled or is locked unless the password is right.
/// </summary>
internal sealed class PortalSignInManager(
    UserManager<PortalUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<PortalUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<PortalUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<PortalUser> confirmation,
    SignInSessions sessions)
    : SignInManager<PortalUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    private static readonly PortalUser Nobody = new("nobody@invalid", "Nobody", DateTimeOffset.UnixEpoch);

    // A hash of a random password, made once: an unknown account costs a password check like a known one.
    private static string? s_nobodysHash;

    public override async Task<bool> CanSignInAsync(PortalUser user) =>
        !user.IsDisabled && await base.CanSignInAsync(user);

    public override async Task<SignInResult> PasswordSignInAsync(string userName, string password, bool isPersistent, bool lockoutOnFailure)
    {
        var user = await UserManager.FindByNameAsync(userName);
        if (user is null)
        {
            CheckPasswordOfNobody(password);
            return SignInResult.Failed;
        }

        return await PasswordSignInAsync(user, password, isPersistent, lockoutOnFailure);
    }

    public override async Task<SignInResult> CheckPasswordSignInAsync(PortalUser user, string password, bool lockoutOnFailure)
    {
        // A self-registered person has no password until they confirm their address.
        if (user.PasswordHash is null)
        {
            CheckPasswordOfNobody(password);
            return SignInResult.Failed;
        }

        // Identity answers "not allowed" or "locked" before it looks at the password; only the
        // account's owner may learn that.
        if ((!await CanSignInAsync(user) || await IsLockedOut(user)) && !await UserManager.CheckPasswordAsync(user, password))
        {
            return SignInResult.Failed;
        }

        return await base.CheckPasswordSignInAsync(user, password, lockoutOnFailure);
    }

    public override async Task SignInWithClaimsAsync(PortalUser user, AuthenticationProperties? authenticationProperties, IEnumerable<Claim> additionalClaims)
    {
        var claims = additionalClaims.ToList();
        if (!claims.Exists(c => c.Type == PortalClaims.Session))
        {
            claims.Add(new Claim(PortalClaims.Session, await sessions.StartAsync(user.Id, Context.RequestAborted)));
        }

        await base.SignInWithClaimsAsync(user, authenticationProperties, claims);
    }

    /// <summary>Re-issues the cookie (the account changed) within the same session.</summary>
    public override async Task RefreshSignInAsync(PortalUser user)
    {
        var current = await Context.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        if (current.Principal?.FindFirst(PortalClaims.Session) is not { } session || UserManager.GetUserId(current.Principal) != user.Id)
        {
            await base.RefreshSignInAsync(user);
            return;
        }

        // Keep how the person signed in (password, two-factor), as Identity's own refresh does.
        var claims = current.Principal.FindAll(c => c.Type is ClaimTypes.AuthenticationMethod or "amr").Append(session);
        await SignInWithClaimsAsync(user, current.Properties, claims.Select(c => new Claim(c.Type, c.Value)));
    }

    /// <summary>Ends this browser's session on the server, then removes the cookies.</summary>
    public override async Task SignOutAsync()
    {
        var current = await Context.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        if (current.Principal?.FindFirstValue(PortalClaims.Session) is { Length: > 0 } session)
        {
            await sessions.EndAsync(session, Context.RequestAborted);
        }

        await base.SignOutAsync();
    }

    private void CheckPasswordOfNobody(string password)
    {
        var hasher = UserManager.PasswordHasher;
        s_nobodysHash ??= hasher.HashPassword(Nobody, RandomNumberGenerator.GetHexString(32));
        hasher.VerifyHashedPassword(Nobody, s_nobodysHash, password);
    }
}
