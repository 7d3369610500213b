using System.Security.Claims;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Domain;

namespace Portal.Core.Features.People;

/// <param name="Audiences">Every audience the person is to be a member of (Public is never a membership and is dropped).</param>
public sealed record SetPersonMembershipsRequest(string UserId, IReadOnlyList<string> Audiences, string? Organisation);

/// <summary>
/// Gives a person exactly these audience memberships and this organisation. Their signed-in
/// sessions see the change at their next check (within a minute), because the security stamp changes.
/// </summary>
public sealed class SetPersonMemberships(IServiceScopeFactory scopes, TimeProvider clock)
{
    public async Task HandleAsync(SetPersonMembershipsRequest request, Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Require(PortalRoles.Admin);
        await using var change = await AccountChange.BeginAsync(scopes, cancellationToken);
        // No audience at all is allowed: that is how an Admin takes a viewer's restricted access away.
        var wanted = AudienceMembership.Normalise(request.Audiences);
        var audiences = wanted.Count == 0 ? wanted : await change.Db.KnownAsync(wanted, cancellationToken);
        var person = await change.FindAsync(request.UserId);
        var held = (await change.Users.GetClaimsAsync(person)).Where(c => c.Type == AudienceMembership.ClaimType).ToList();
        var before = new { audiences = held.Select(c => c.Value).Order(StringComparer.Ordinal).ToList(), organisation = person.Organisation };

        person.SetOrganisation(request.Organisation);
        AccountChange.Check(await change.Users.RemoveClaimsAsync(person, held));
        AccountChange.Check(await change.Users.AddClaimsAsync(person, audiences.Select(a => new Claim(AudienceMembership.ClaimType, a))));
        // Also saves the organisation; signed-in sessions re-read the claims at their next check.
        AccountChange.Check(await change.Users.UpdateSecurityStampAsync(person));
        await change.CommitAsync(actor, "person.audiences.changed", person, before, new { audiences, organisation = person.Organisation },
            clock.GetUtcNow(), cancellationToken);
    }
}
