using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Domain;

namespace Portal.Core.Features.People;

/// <summary>Stops a person signing in (their sessions end within a minute); their history stays.</summary>
public sealed class DisablePerson(IServiceScopeFactory scopes, TimeProvider clock)
{
    public async Task HandleAsync(PersonRequest request, Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Require(PortalRoles.Admin);
        await using var change = await AccountChange.BeginAsync(scopes, cancellationToken);
        var person = await change.FindAsync(request.UserId);
        if (string.Equals(person.Email, actor.Name, StringComparison.OrdinalIgnoreCase))
        {
            throw new DomainException("You cannot disable your own account.");
        }

        person.Disable();
        AccountChange.Check(await change.Users.UpdateSecurityStampAsync(person));
        await change.CommitAsync(actor, "person.disabled", person, new { disabled = false }, new { disabled = true }, clock.GetUtcNow(), cancellationToken);
    }
}
