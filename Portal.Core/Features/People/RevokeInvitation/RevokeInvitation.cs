using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Domain;
using Portal.Core.Events;

namespace Portal.Core.Features.People;

/// <summary>Names an open invitation an Admin acts on (withdraw it, send it again).</summary>
public sealed record InvitationRequest(int InvitationId);

/// <summary>
/// An administrator withdraws an open invitation: its link stops working at once. Withdrawing one
/// that was already withdrawn changes nothing; one already accepted cannot be withdrawn (disable the
/// account instead).
/// </summary>
public sealed class RevokeInvitation(IServiceScopeFactory scopes, TimeProvider clock)
{
    public async Task HandleAsync(InvitationRequest request, Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Require(PortalRoles.Admin);
        var now = clock.GetUtcNow();
        await using var change = await AccountChange.BeginAsync(scopes, cancellationToken);
        var invitation = await change.Db.Invitations.SingleOrDefaultAsync(i => i.Id == request.InvitationId, cancellationToken)
            ?? throw new NotFoundException("There is no such invitation.");
        if (invitation.AcceptedAt is not null)
        {
            throw new DomainException($"{invitation.Email} has already accepted the invitation. Disable the account on the People page instead.");
        }

        if (invitation.RevokedAt is not null)
        {
            return;
        }

        invitation.Revoke(now);
        change.Db.Audit(actor, "invitation.revoked", "Person", invitation.Email,
            new { invitation.ExpiresAt }, new { revoked = true }, now);
        await change.Db.SaveChangesAsync(cancellationToken);
        await change.CommitTransactionAsync(cancellationToken);
    }
}
