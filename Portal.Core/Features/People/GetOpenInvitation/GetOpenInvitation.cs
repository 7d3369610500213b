using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Domain;

namespace Portal.Core.Features.People;

public sealed record OpenInvitation(
    string Email,
    IReadOnlyList<string> Roles,
    IReadOnlyList<string> Audiences,
    string? DisplayName,
    string? Organisation,
    DateTimeOffset ExpiresAt);

/// <summary>What an invitation link offers, or null when it is unknown, used, revoked or expired.</summary>
public sealed class GetOpenInvitation(IServiceScopeFactory scopes, TimeProvider clock)
{
    public async Task<OpenInvitation?> HandleAsync(string token, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Persistence.PortalDbContext>();
        var hash = Invitation.Hash(token);
        var invitation = await db.Invitations.AsNoTracking().SingleOrDefaultAsync(i => i.TokenHash == hash, cancellationToken);
        return invitation is not null && invitation.IsOpen(clock.GetUtcNow())
            ? new OpenInvitation(invitation.Email, invitation.Roles, invitation.Audiences, invitation.DisplayName,
                invitation.Organisation, invitation.ExpiresAt)
            : null;
    }
}
