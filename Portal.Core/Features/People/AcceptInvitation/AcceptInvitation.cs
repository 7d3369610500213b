using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Domain;

namespace Portal.Core.Features.People;

public sealed record AcceptInvitationRequest(string Token, string DisplayName, string Password);

/// <summary>
/// The invited person chooses their name and password; the account gets the invitation's roles and
/// audience memberships. The link then stops working.
/// </summary>
public sealed class AcceptInvitation(IServiceScopeFactory scopes, TimeProvider clock)
{
    public async Task<string> HandleAsync(AcceptInvitationRequest request, string? address, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        await using var change = await AccountChange.BeginAsync(scopes, cancellationToken);
        var hash = Invitation.Hash(request.Token);
        var invitation = await change.Db.Invitations.SingleOrDefaultAsync(i => i.TokenHash == hash, cancellationToken)
            ?? throw new DomainException("This invitation link is not valid. Ask an administrator for a new one.");
        invitation.Accept(now);

        var person = new PortalUser(invitation.Email, request.DisplayName, now);
        person.SetOrganisation(invitation.Organisation);
        AccountChange.Check(await change.Users.CreateAsync(person, request.Password));
        AccountChange.Check(await change.Users.AddToRolesAsync(person, invitation.Roles));
        AccountChange.Check(await change.Users.AddClaimsAsync(person,
            invitation.Audiences.Select(a => new Claim(AudienceMembership.ClaimType, a))));
        await change.CommitAsync(new Actor(invitation.Email, address), "person.joined", person, null,
            new { person.Email, person.DisplayName, person.Organisation, invitation.Roles, invitation.Audiences, invitedBy = invitation.InvitedBy },
            now, cancellationToken);
        return person.Id;
    }
}
