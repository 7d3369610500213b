using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Domain;

namespace Portal.Core.Features.People;

/// <summary>Turns off a person's authenticator (a lost phone); they set it up again at their next sign-in.</summary>
public sealed class ResetPersonTwoFactor(IServiceScopeFactory scopes, TimeProvider clock)
{
    public async Task HandleAsync(PersonRequest request, Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Require(PortalRoles.Admin);
        await using var change = await AccountChange.BeginAsync(scopes, cancellationToken);
        var person = await change.FindAsync(request.UserId);
        AccountChange.Check(await change.Users.SetTwoFactorEnabledAsync(person, false));
        AccountChange.Check(await change.Users.ResetAuthenticatorKeyAsync(person));
        await change.CommitAsync(actor, "person.two-factor.reset", person, new { twoFactor = true }, new { twoFactor = false },
            clock.GetUtcNow(), cancellationToken);
    }
}
