using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Domain;
using Portal.Core.Events;

namespace Portal.Core.Features.People;

/// <summary>
/// An administrator sends an open invitation again: it gets a new link, valid for another
/// <see cref="Invitation.Lifetime"/>, and the old link stops working (only its hash was kept, so it
/// cannot be sent twice). The caller mails the returned link to the invited address.
/// </summary>
public sealed class ResendInvitation(IServiceScopeFactory scopes, TimeProvider clock)
{
    public async Task<IssuedInvitation> HandleAsync(InvitationRequest request, Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Require(PortalRoles.Admin);
        var now = clock.GetUtcNow();
        await using var change = await AccountChange.BeginAsync(scopes, cancellationToken);
        var invitation = await change.Db.Invitations.SingleOrDefaultAsync(i => i.Id == request.InvitationId, cancellationToken)
            ?? throw new NotFoundException("There is no such invitation.");
        var before = invitation.ExpiresAt;
        var token = invitation.Renew(now);
        change.Db.Audit(actor, "invitation.resent", "Person", invitation.Email,
            new { ExpiresAt = before }, new { invitation.ExpiresAt }, now);
        await change.Db.SaveChangesAsync(cancellationToken);
        await change.CommitTransactionAsync(cancellationToken);
        return new IssuedInvitation(invitation.Id, invitation.Email, token, invitation.ExpiresAt, invitation.DisplayName);
    }
}
