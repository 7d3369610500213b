using Portal.Core.Domain;
using Microsoft.Extensions.DependencyInjection;

namespace Portal.Core.Features.People;

/// <param name="OneTimePassword">The new password to hand over once; it must be changed at first sign-in.</param>
public sealed record ResetAdministratorAccessRequest(string Email, string OneTimePassword);

/// <summary>
/// Lets a locked-out administrator in again: a new one-time password, two-factor turned off (set up
/// again at the next sign-in), a temporary lock-out lifted, and every existing session signed out.
/// </summary>
public sealed class ResetAdministratorAccess(IServiceScopeFactory scopes, TimeProvider clock)
{
    public async Task HandleAsync(ResetAdministratorAccessRequest request, Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Require(PortalRoles.Admin);
        await using var change = await AccountChange.BeginAsync(scopes, cancellationToken);
        var person = await change.Users.FindByEmailAsync(request.Email)
            ?? throw new NotFoundException($"There is no account for {request.Email}.");
        if (!await change.Users.IsInRoleAsync(person, PortalRoles.Admin))
        {
            throw new DomainException($"{request.Email} is not an administrator; an administrator resets other people in the console.");
        }

        var now = clock.GetUtcNow();
        person.RequirePasswordChange();
        AccountChange.Check(await change.Users.RemovePasswordAsync(person));
        AccountChange.Check(await change.Users.AddPasswordAsync(person, request.OneTimePassword));
        AccountChange.Check(await change.Users.SetTwoFactorEnabledAsync(person, false));
        AccountChange.Check(await change.Users.ResetAuthenticatorKeyAsync(person));
        AccountChange.Check(await change.Users.ResetAccessFailedCountAsync(person));
        if (person.LockoutEnd is { } until && until != DateTimeOffset.MaxValue && until > now)
        {
            AccountChange.Check(await change.Users.SetLockoutEndDateAsync(person, null));
        }

        // A new security stamp signs the account out of every browser that still holds a session.
        AccountChange.Check(await change.Users.UpdateSecurityStampAsync(person));
        await change.CommitAsync(actor, "person.administrator.reset", person, null,
            new { password = "one-time", twoFactor = false, signedOutEverywhere = true }, now, cancellationToken);
    }
}
