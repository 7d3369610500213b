using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Domain;
using Portal.Core.Persistence;

namespace Portal.Core.Features.People;

public sealed record PersonView(
    string Id,
    string Email,
    string DisplayName,
    IReadOnlyList<string> Roles,
    bool TwoFactorEnabled,
    bool IsDisabled,
    DateTimeOffset? LockedOutUntil,
    DateTimeOffset CreatedAt,
    string? Organisation,
    IReadOnlyList<string> Audiences);

public sealed record InvitationView(
    int Id,
    string Email,
    IReadOnlyList<string> Roles,
    string InvitedBy,
    DateTimeOffset ExpiresAt,
    IReadOnlyList<string> Audiences,
    string? DisplayName,
    string? Organisation);

public sealed record PeopleOverview(IReadOnlyList<PersonView> People, IReadOnlyList<InvitationView> OpenInvitations);

/// <summary>Everyone with an account, their roles, audience memberships and state, and the invitations still open.</summary>
public sealed class GetPeople(IServiceScopeFactory scopes, TimeProvider clock)
{
    public async Task<PeopleOverview> HandleAsync(CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var now = clock.GetUtcNow();
        var users = await db.Users.AsNoTracking().OrderBy(u => u.Email).ToListAsync(cancellationToken);
        var roleNames = await db.Roles.AsNoTracking().ToDictionaryAsync(r => r.Id, r => r.Name!, cancellationToken);
        var userRoles = (await db.UserRoles.AsNoTracking().ToListAsync(cancellationToken))
            .ToLookup(ur => ur.UserId, ur => roleNames[ur.RoleId]);
        var memberships = (await db.UserClaims.AsNoTracking().Where(c => c.ClaimType == AudienceMembership.ClaimType)
                .Select(c => new { c.UserId, c.ClaimValue }).ToListAsync(cancellationToken))
            .ToLookup(c => c.UserId, c => c.ClaimValue ?? "");
        var invitations = (await db.Invitations.AsNoTracking().Where(i => i.AcceptedAt == null && i.RevokedAt == null)
                .ToListAsync(cancellationToken))
            .Where(i => i.IsOpen(now))
            .OrderBy(i => i.ExpiresAt)
            .Select(i => new InvitationView(i.Id, i.Email, i.Roles, i.InvitedBy, i.ExpiresAt, i.Audiences, i.DisplayName, i.Organisation))
            .ToList();

        return new PeopleOverview(
            [.. users.Select(u => new PersonView(u.Id, u.Email ?? "", u.DisplayName, [.. userRoles[u.Id].Order()], u.TwoFactorEnabled,
                u.IsDisabled, u.LockoutEnd > now ? u.LockoutEnd : null, u.CreatedAt, u.Organisation,
                [.. memberships[u.Id].Order(StringComparer.Ordinal)]))],
            invitations);
    }
}
