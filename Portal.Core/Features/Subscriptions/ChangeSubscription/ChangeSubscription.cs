using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Persistence;

namespace Portal.Core.Features.Subscriptions;

/// <summary>
/// What an Admin sets for an email subscription. <paramref name="Audiences"/> is what a subscription
/// without an account reads as (Public is always kept); null leaves it as it is, and an account's
/// subscription refuses it (it reads as its person).
/// </summary>
public sealed record ChangeSubscriptionRequest(
    long Id,
    EmailSubscriptionChoice Choice,
    IReadOnlyList<int> SystemIds,
    IReadOnlyList<int> GroupIds,
    EmailNotices Notices,
    IReadOnlyList<string>? Audiences);

/// <summary>
/// An Admin changes what an email subscription receives (the choice, its systems and groups, maintenance
/// and phase notices) and, for one from the form or an import, the audiences it reads as. Only systems and
/// groups the subscription may see (with its new audiences) can be chosen. Audited as <c>subscription.changed</c>
/// with before and after; it applies to events committed from then on.
/// </summary>
public sealed class ChangeSubscription(IDbContextFactory<PortalDbContext> dbFactory, PortalEventStream stream, TimeProvider clock)
{
    public async Task HandleAsync(ChangeSubscriptionRequest request, Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Require(PortalRoles.Admin);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var subscription = await ConsoleSubscriptions.FindAsync(db, request.Id, cancellationToken);
        var before = Snapshot(subscription);
        if (request.Audiences is { } audiences)
        {
            subscription.ReadAs(await db.KnownAsync(audiences, cancellationToken));
        }

        var viewer = await SubscriberViewers.OfAsync(db, subscription, cancellationToken) ?? Viewer.Anonymous;
        if (request.Choice == EmailSubscriptionChoice.ChosenSystems)
        {
            await RequireVisibleAsync(db, viewer, request.SystemIds, request.GroupIds, cancellationToken);
        }

        subscription.Choose(request.Choice, request.SystemIds, request.GroupIds, request.Notices);
        var now = clock.GetUtcNow();
        db.Audit(actor, "subscription.changed", nameof(EmailSubscription), subscription.Id.ToString(CultureInfo.InvariantCulture),
            before, Snapshot(subscription), now);
        await db.CommitAsync(stream, cancellationToken);
    }

    private static object Snapshot(EmailSubscription s) => new
    {
        s.Address,
        Choice = s.Choice.ToString(),
        SystemIds = s.SystemIds.ToList(),
        GroupIds = s.GroupIds.ToList(),
        s.MaintenanceNotices,
        s.PhaseNotices,
        Audiences = s.Audiences.ToList(),
    };

    /// <summary>Refuses, by name, systems and groups the subscriber may not see (or that do not exist).</summary>
    private static async Task RequireVisibleAsync(
        PortalDbContext db, Viewer viewer, IReadOnlyList<int> systemIds, IReadOnlyList<int> groupIds, CancellationToken cancellationToken)
    {
        var visible = await db.EstateSystems.AsNoTracking().VisibleTo(viewer)
            .Select(s => new { s.Id, s.GroupId })
            .ToListAsync(cancellationToken);
        var unseenSystem = systemIds.FirstOrDefault(id => visible.All(s => s.Id != id));
        if (unseenSystem != 0)
        {
            throw new DomainException(string.Create(CultureInfo.InvariantCulture,
                $"System {unseenSystem} does not exist or is not visible to this subscriber's audiences."));
        }

        var unseenGroup = groupIds.FirstOrDefault(id => visible.All(s => s.GroupId != id));
        if (unseenGroup != 0)
        {
            throw new DomainException(string.Create(CultureInfo.InvariantCulture,
                $"Group {unseenGroup} does not exist or holds no system visible to this subscriber's audiences."));
        }
    }
}
