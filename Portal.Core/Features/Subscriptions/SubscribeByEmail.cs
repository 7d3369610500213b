using System.Net.Mail;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Persistence;

namespace Portal.Core.Features.Subscriptions;

/// <summary>
/// A request to receive updates by mail: the address (ignored for an account, which uses its own) and what
/// to receive; <paramref name="Notices"/> null takes the choice's default maintenance and phase notices.
/// </summary>
public sealed record SubscribeByEmail(
    string Address, EmailSubscriptionChoice Choice, IReadOnlyList<int> SystemIds, IReadOnlyList<int> GroupIds, EmailNotices? Notices = null);

/// <summary>What the subscriber must be mailed: a confirmation link token, or nothing (already confirmed).</summary>
public sealed record SubscribeByEmailResult(string Address, string? ConfirmationToken);

/// <summary>A system or group a subscriber can choose (only those the subscriber may see).</summary>
public sealed record SubscriptionChoiceOption(int Id, string Name);

/// <summary>What a subscriber can choose from: the systems they may see and the groups those belong to.</summary>
public sealed record SubscriptionChoices(IReadOnlyList<SubscriptionChoiceOption> Systems, IReadOnlyList<SubscriptionChoiceOption> Groups);

/// <summary>
/// Email subscriptions as their owners see them: an anonymous subscription from the form (double
/// opt-in), a signed-in person's for their own address, confirming, changing what one receives and
/// unsubscribing. The form answers the same for every address, so nobody learns who subscribes.
/// </summary>
public sealed class SubscribeByEmailHandler(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock)
{
    public const string InvalidAddressMessage = "Enter an email address such as name@example.com.";

    public static bool IsValidAddress(string? address) =>
        address is { Length: > 0 and <= EmailSubscription.AddressMaxLength }
        && MailAddress.TryCreate(address.Trim(), out var parsed) && parsed.Address == address.Trim() && parsed.Host.Contains('.', StringComparison.Ordinal);

    /// <summary>The systems <paramref name="viewer"/> may see and their groups, in display order.</summary>
    public async Task<SubscriptionChoices> ChoicesAsync(Viewer viewer, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var systems = await db.EstateSystems.AsNoTracking().VisibleTo(viewer)
            .OrderBy(s => s.DisplayOrder)
            .Select(s => new { s.Id, s.Name, s.GroupId })
            .ToListAsync(cancellationToken);
        var groupIds = systems.Select(s => s.GroupId).Distinct().ToList();
        var groups = await db.SystemGroups.AsNoTracking().Where(g => groupIds.Contains(g.Id))
            .OrderBy(g => g.DisplayOrder)
            .Select(g => new SubscriptionChoiceOption(g.Id, g.Name))
            .ToListAsync(cancellationToken);
        return new(systems.Select(s => new SubscriptionChoiceOption(s.Id, s.Name)).ToList(), groups);
    }

    /// <summary>Records an anonymous (Public) subscription or renews an unconfirmed one; a confirmed address is left as it is.</summary>
    public async Task<SubscribeByEmailResult> HandleAsync(SubscribeByEmail request, CancellationToken cancellationToken)
    {
        if (!IsValidAddress(request.Address))
        {
            throw new DomainException(InvalidAddressMessage);
        }

        var address = request.Address.Trim();
        var (systems, groups) = await KeepChoosableAsync(Viewer.Anonymous, request, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var existing = await db.EmailSubscriptions.SingleOrDefaultAsync(s => s.Address == address, cancellationToken);
        string? token;
        if (existing is null)
        {
            (var subscription, token) = EmailSubscription.CreateAnonymous(address, request.Choice, systems, groups, clock.GetUtcNow(), request.Notices);
            db.EmailSubscriptions.Add(subscription);
        }
        else
        {
            token = existing.ConfirmedAt is null ? existing.Renew(request.Choice, systems, groups, request.Notices) : null;
        }

        await db.SaveChangesAsync(cancellationToken);
        return new SubscribeByEmailResult(address, token);
    }

    /// <summary>
    /// Subscribes the signed-in person <paramref name="userId"/> at their own confirmed address, or changes
    /// what they receive. Their mails carry the audiences they hold when each is sent.
    /// </summary>
    public async Task<EmailSubscription> SubscribeAccountAsync(string userId, SubscribeByEmail request, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var person = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (person is not { EmailConfirmed: true, IsDisabled: false, Email: { Length: > 0 } email })
        {
            throw new ForbiddenException("Only a confirmed, enabled account can subscribe with its own address.");
        }

        var viewer = (await SubscriberViewers.OfAccountsAsync(db, [userId], cancellationToken))[userId];
        var (systems, groups) = await KeepChoosableAsync(viewer, request, cancellationToken);
        var now = clock.GetUtcNow();
        var subscription = await db.EmailSubscriptions.SingleOrDefaultAsync(s => s.UserId == userId, cancellationToken)
            ?? await db.EmailSubscriptions.SingleOrDefaultAsync(s => s.Address == email, cancellationToken);
        if (subscription is null)
        {
            subscription = EmailSubscription.CreateForAccount(email, userId, request.Choice, systems, groups, now, request.Notices);
            db.EmailSubscriptions.Add(subscription);
        }
        else
        {
            subscription.MoveToAccount(userId, now);
            subscription.Choose(request.Choice, systems, groups, request.Notices);
        }

        await db.SaveChangesAsync(cancellationToken);
        return subscription;
    }

    /// <summary>The subscription of the signed-in person <paramref name="userId"/>, if they have one.</summary>
    public async Task<EmailSubscription?> FindForAccountAsync(string userId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.EmailSubscriptions.AsNoTracking().SingleOrDefaultAsync(s => s.UserId == userId, cancellationToken);
    }

    /// <summary>Changes what subscription <paramref name="id"/> receives (from its manage link).</summary>
    public async Task<EmailSubscription?> ChangeAsync(long id, SubscribeByEmail request, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var subscription = await db.EmailSubscriptions.SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (subscription is null)
        {
            return null;
        }

        var viewer = await SubscriberViewers.OfAsync(db, subscription, cancellationToken) ?? Viewer.Anonymous;
        var (systems, groups) = await KeepChoosableAsync(viewer, request, cancellationToken);
        subscription.Choose(request.Choice, systems, groups, request.Notices);
        await db.SaveChangesAsync(cancellationToken);
        return subscription;
    }

    /// <summary>Confirms the subscription whose link carries <paramref name="token"/>; false when there is none.</summary>
    public async Task<bool> ConfirmAsync(string token, CancellationToken cancellationToken)
    {
        var hash = EmailSubscription.HashOf(token);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var subscription = await db.EmailSubscriptions.SingleOrDefaultAsync(s => s.ConfirmationTokenHash == hash && s.ConfirmedAt == null, cancellationToken);
        if (subscription is null)
        {
            return false;
        }

        subscription.Confirm(clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>Ends subscription <paramref name="id"/> (from a manage or one-click unsubscribe link); its waiting mails go with it.</summary>
    public async Task UnsubscribeAsync(long id, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.EmailDeliveries.Where(d => d.SubscriptionId == id).ExecuteDeleteAsync(cancellationToken);
        await db.EmailSubscriptions.Where(s => s.Id == id).ExecuteDeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<EmailSubscription?> FindAsync(long id, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.EmailSubscriptions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
    }

    /// <summary>Keeps the systems and groups the subscriber may choose; the rest of the request is ignored.</summary>
    private async Task<(List<int> Systems, List<int> Groups)> KeepChoosableAsync(Viewer viewer, SubscribeByEmail request, CancellationToken cancellationToken)
    {
        if (request.Choice != EmailSubscriptionChoice.ChosenSystems)
        {
            return ([], []);
        }

        var choices = await ChoicesAsync(viewer, cancellationToken);
        return (request.SystemIds.Where(id => choices.Systems.Any(s => s.Id == id)).ToList(),
            request.GroupIds.Where(id => choices.Groups.Any(g => g.Id == id)).ToList());
    }
}
