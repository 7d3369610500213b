using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Domain;

namespace Portal.Core.Features.People;

/// <summary>
/// An Admin sends a person a password reset link (they forgot it and cannot reach the form, or asked by phone).
/// The person's password is unchanged until they open the link and choose a new one; the request is audited.
/// </summary>
public sealed class SendPasswordReset(IServiceScopeFactory scopes, TimeProvider clock)
{
    public async Task<PasswordResetToSend> HandleAsync(PersonRequest request, Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Require(PortalRoles.Admin);
        await using var change = await AccountChange.BeginAsync(scopes, cancellationToken);
        var person = await change.FindAsync(request.UserId);
        if (person.IsDisabled)
        {
            throw new DomainException("This account is disabled: enable it before sending a password reset.");
        }

        if (!person.EmailConfirmed)
        {
            throw new DomainException("This person has not confirmed their address yet: the confirmation link sets their password.");
        }

        var reset = await PasswordResetCode.ForAsync(change, person);
        await change.CommitAsync(actor, "person.password-reset.sent", person, null, new { resetLinkSent = true }, clock.GetUtcNow(), cancellationToken);
        return reset;
    }
}
