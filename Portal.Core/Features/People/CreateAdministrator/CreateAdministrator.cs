using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Domain;

namespace Portal.Core.Features.People;

/// <param name="OneTimePassword">The password to hand over once; it must be changed at first sign-in.</param>
public sealed record CreateAdministratorRequest(string Email, string OneTimePassword);

/// <summary>
/// Makes a new administrator (the way in when nobody who can sign in is one): the account is
/// confirmed, holds the Admin role and must change its one-time password at first sign-in.
/// </summary>
public sealed class CreateAdministrator(IServiceScopeFactory scopes, TimeProvider clock)
{
    public async Task HandleAsync(CreateAdministratorRequest request, Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Require(PortalRoles.Admin);
        var email = Guard.Text(request.Email, 256, "email");
        await using var change = await AccountChange.BeginAsync(scopes, cancellationToken);
        if (await change.Users.FindByEmailAsync(email) is not null)
        {
            throw new DomainException($"There is already an account for {email}. To let its holder in again, reset it instead.");
        }

        if (!await change.Roles.RoleExistsAsync(PortalRoles.Admin))
        {
            AccountChange.Check(await change.Roles.CreateAsync(new IdentityRole(PortalRoles.Admin)));
        }

        var admin = new PortalUser(email, "Administrator", clock.GetUtcNow());
        admin.RequirePasswordChange();
        AccountChange.Check(await change.Users.CreateAsync(admin, request.OneTimePassword));
        AccountChange.Check(await change.Users.AddToRoleAsync(admin, PortalRoles.Admin));
        await change.CommitAsync(actor, "person.administrator.created", admin, null, new { email, roles = new[] { PortalRoles.Admin } },
            clock.GetUtcNow(), cancellationToken);
    }
}
