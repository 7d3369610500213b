using Portal.Core.Domain;

namespace Portal.Core.Features.People;

/// <param name="Roles">Console roles (staff); may be empty for a viewer.</param>
/// <param name="Audiences">Audience memberships (viewers); may be empty for staff.</param>
public sealed record InvitePersonRequest(
    string Email,
    IReadOnlyList<string> Roles,
    IReadOnlyList<string>? Audiences = null,
    string? DisplayName = null,
    string? Organisation = null);

/// <param name="Token">Goes into the link <c>/account/accept-invitation?token=…</c>; shown once, never stored.</param>
/// <param name="DisplayName">The name the Admin gave, to greet the person with in a mail (null when none was given).</param>
public sealed record IssuedInvitation(int Id, string Email, string Token, DateTimeOffset ExpiresAt, string? DisplayName = null);

/// <summary>
/// An administrator invites a person by email with roles and/or audience memberships; the one-time
/// link expires after three days. A newer invitation to the same address revokes older open ones.
/// </summary>
public sealed class InvitePerson(Microsoft.Extensions.DependencyInjection.IServiceScopeFactory scopes, TimeProvider clock)
{
    public async Task<IssuedInvitation> HandleAsync(InvitePersonRequest request, Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Require(PortalRoles.Admin);
        var email = request.Email.Trim();
        if (InvitationRules.EmailProblem(email) is { } problem)
        {
            throw new DomainException(problem);
        }

        var now = clock.GetUtcNow();
        await using var change = await AccountChange.BeginAsync(scopes, cancellationToken);
        if (await change.Users.FindByEmailAsync(email) is not null)
        {
            throw new DomainException(InvitationRules.AlreadyHasAccount(email));
        }

        var audiences = AudienceMembership.Normalise(request.Audiences ?? []);
        if (audiences.Count > 0)
        {
            await change.Db.KnownAsync(audiences, cancellationToken);
        }

        var terms = new InvitationTerms(email, request.Roles, audiences, request.DisplayName, request.Organisation);
        var (invitation, token) = await InvitationRules.IssueAsync(change.Db, terms, actor, now, cancellationToken);
        await change.Db.SaveChangesAsync(cancellationToken);
        await change.CommitTransactionAsync(cancellationToken);
        return new IssuedInvitation(invitation.Id, invitation.Email, token, invitation.ExpiresAt);
    }
}
