using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Persistence;

namespace Portal.Core.Features.Subscriptions;

/// <summary>
/// Who a subscription reads as, exactly as its owner would: Public for the form, the imported
/// audiences for a contact, and for a viewer account the audiences that person holds now (none
/// once the account is disabled or gone; a new account's only once its address is confirmed).
/// </summary>
internal static class SubscriberViewers
{
    /// <summary>The viewers of the accounts in <paramref name="userIds"/> that may still receive mail.</summary>
    public static async Task<Dictionary<string, Viewer>> OfAccountsAsync(PortalDbContext db, IReadOnlyCollection<string> userIds, CancellationToken cancellationToken)
    {
        if (userIds.Count == 0)
        {
            return new(StringComparer.Ordinal);
        }

        var ids = userIds.Distinct(StringComparer.Ordinal).ToList();
        var people = await db.Users.AsNoTracking()
            .Where(u => ids.Contains(u.Id) && u.EmailConfirmed && !u.IsDisabled)
            .Select(u => u.Id)
            .ToListAsync(cancellationToken);
        var memberships = await db.UserClaims.AsNoTracking()
            .Where(c => people.Contains(c.UserId) && c.ClaimType == AudienceMembership.ClaimType)
            .Select(c => new { c.UserId, c.ClaimValue })
            .ToListAsync(cancellationToken);
        return people.ToDictionary(id => id,
            id => new Viewer(memberships.Where(m => m.UserId == id && m.ClaimValue != null).Select(m => m.ClaimValue!)), StringComparer.Ordinal);
    }

    /// <summary>The viewer <paramref name="subscription"/> reads as now, or null when it may receive nothing.</summary>
    public static async Task<Viewer?> OfAsync(PortalDbContext db, EmailSubscription subscription, CancellationToken cancellationToken)
    {
        if (subscription.UserId is not { } userId)
        {
            return new Viewer(subscription.Audiences);
        }

        var viewers = await OfAccountsAsync(db, [userId], cancellationToken);
        return viewers.GetValueOrDefault(userId);
    }
}
