using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Domain;

namespace Portal.Core.Features.People;

public sealed class EnablePerson(IServiceScopeFactory scopes, TimeProvider clock)
{
    public async Task HandleAsync(PersonRequest request, Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Require(PortalRoles.Admin);
        await using var change = await AccountChange.BeginAsync(scopes, cancellationToken);
        var person = await change.FindAsync(request.UserId);
        person.Enable();
        AccountChange.Check(await change.Users.SetLockoutEndDateAsync(person, null));
        AccountChange.Check(await change.Users.ResetAccessFailedCountAsync(person));
        await change.CommitAsync(actor, "person.enabled", person, new { disabled = true }, new { disabled = false }, clock.GetUtcNow(), cancellationToken);
    }
}
