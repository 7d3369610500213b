using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Domain;

namespace Portal.Core.Features.People;

public sealed record SetPersonRolesRequest(string UserId, IReadOnlyList<string> Roles);

/// <summary>Gives a person exactly these roles. An administrator cannot remove their own Admin role (someone must remain).</summary>
public sealed class SetPersonRoles(IServiceScopeFactory scopes, TimeProvider clock)
{
    public async Task HandleAsync(SetPersonRolesRequest request, Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Require(PortalRoles.Admin);
        if (request.Roles.Any(r => !PortalRoles.All.Contains(r)))
        {
            throw new DomainException("Choose roles from the list.");
        }

        await using var change = await AccountChange.BeginAsync(scopes, cancellationToken);
        var person = await change.FindAsync(request.UserId);
        if (string.Equals(person.Email, actor.Name, StringComparison.OrdinalIgnoreCase) && !request.Roles.Contains(PortalRoles.Admin))
        {
            throw new DomainException("You cannot remove your own Admin role. Ask another administrator.");
        }

        var before = await change.Users.GetRolesAsync(person);
        AccountChange.Check(await change.Users.RemoveFromRolesAsync(person, before.Except(request.Roles)));
        AccountChange.Check(await change.Users.AddToRolesAsync(person, request.Roles.Except(before).Distinct()));
        // Signed-in sessions pick up the new roles at their next check (within a minute).
        AccountChange.Check(await change.Users.UpdateSecurityStampAsync(person));
        await change.CommitAsync(actor, "person.roles.changed", person, new { roles = before.Order() }, new { roles = request.Roles.Order() },
            clock.GetUtcNow(), cancellationToken);
    }
}
