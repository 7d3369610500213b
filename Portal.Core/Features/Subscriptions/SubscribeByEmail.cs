using System.Net.Mail;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Persistence;

namespace Portal.Core.Features.Subscriptions;

/// <summary>An anonymous request to receive updates by mail.</summary>
public sealed record SubscribeByEmail(string Address, EmailSubscriptionChoice Choice, IReadOnlyList<int> SystemIds);

/// <summary>What the subscriber must be mailed: a confirmation link token, or nothing (already confirmed).</summary>
public sealed record SubscribeByEmailResult(string Address, string? ConfirmationToken);

/// <summary>
/// Records an anonymous subscription, or renews an unconfirmed one; an address that is already
/// confirmed is left as it is, and the caller answers the same in every case so nobody learns who subscribes.
/// </summary>
public sealed class SubscribeByEmailHandler(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock)
{
    public static bool IsValidAddress(string? address) =>
        address is { Length: > 0 and <= EmailSubscription.AddressMaxLength }
        && MailAddress.TryCreate(address.Trim(), out var parsed) && parsed.Address == address.Trim() && parsed.Host.Contains('.', StringComparison.Ordinal);

    public async Task<SubscribeByEmailResult> HandleAsync(SubscribeByEmail request, CancellationToken cancellationToken)
    {
        if (!IsValidAddress(request.Address))
        {
            throw new ArgumentException("Enter an email address such as name@example.com.", nameof(request));
        }

        var address = request.Address.Trim();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var existing = await db.EmailSubscriptions.SingleOrDefaultAsync(s => s.Address == address, cancellationToken);
        string? token;
        if (existing is null)
        {
            (var subscription, token) = EmailSubscription.CreateAnonymous(address, request.Choice, request.SystemIds, clock.GetUtcNow());
            db.EmailSubscriptions.Add(subscription);
        }
        else
        {
            token = existing.ConfirmedAt is null ? existing.Renew(request.Choice, request.SystemIds) : null;
        }

        await db.SaveChangesAsync(cancellationToken);
        return new SubscribeByEmailResult(address, token);
    }

    /// <summary>Confirms the subscription whose link carries <paramref name="token"/>; false when there is none.</summary>
    public async Task<bool> ConfirmAsync(string token, CancellationToken cancellationToken)
    {
        var hash = EmailSubscription.HashOf(token);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var subscription = await db.EmailSubscriptions.SingleOrDefaultAsync(s => s.ConfirmationTokenHash == hash, cancellationToken);
        if (subscription is null)
        {
            return false;
        }

        subscription.Confirm(clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>Ends the subscription <paramref name="id"/> (from a manage or one-click unsubscribe link).</summary>
    public async Task UnsubscribeAsync(long id, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.EmailSubscriptions.Where(s => s.Id == id).ExecuteDeleteAsync(cancellationToken);
    }

    public async Task<EmailSubscription?> FindAsync(long id, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.EmailSubscriptions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
    }
}
