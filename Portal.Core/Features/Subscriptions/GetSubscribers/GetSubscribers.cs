using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Persistence;

namespace Portal.Core.Features.Subscriptions;

/// <param name="Search">Part of an address (or an imported contact's name) to look for; empty lists everyone.</param>
/// <param name="Page">The page to show, from 0.</param>
public sealed record GetSubscribersRequest(string? Search, int Page, int PageSize = GetSubscribers.DefaultPageSize);

/// <summary>Where an email subscription stands.</summary>
public enum SubscriberState
{
    /// <summary>From the form, its confirmation link not yet used: nothing is sent.</summary>
    WaitingForConfirmation,

    Active,

    /// <summary>The mail server refused the address for good, or an Admin suspended it: nothing is sent.</summary>
    Suspended,
}

/// <summary>One email subscriber as the console shows it.</summary>
/// <param name="Audiences">What the subscription reads as now (an account's current audiences; none for a disabled account), Public included.</param>
/// <param name="Chosen">The systems and groups chosen, by name, when <paramref name="Choice"/> is <see cref="EmailSubscriptionChoice.ChosenSystems"/>.</param>
/// <param name="Name">An imported contact's name.</param>
/// <param name="Notices">The maintenance and phase notices it takes.</param>
public sealed record EmailSubscriberView(
    long Id,
    string Address,
    EmailSubscriptionOrigin Origin,
    SubscriberState State,
    DateTimeOffset? SuspendedAt,
    string? SuspendedReason,
    EmailSubscriptionChoice Choice,
    IReadOnlyList<string> Chosen,
    IReadOnlyList<string> Audiences,
    DateTimeOffset CreatedAt,
    string? Name = null,
    IReadOnlyList<int>? SystemIds = null,
    IReadOnlyList<int>? GroupIds = null,
    EmailNotices Notices = EmailNotices.None);

/// <summary>How many subscribers (email) and endpoints (webhooks, Teams, Slack) read as one audience.</summary>
public sealed record AudienceSubscriberCount(string Key, string Name, int Email, int Endpoints);

/// <summary>Subscribers by channel and by audience.</summary>
public sealed record SubscriberCounts(
    int Email,
    int EmailActive,
    int EmailWaiting,
    int EmailSuspended,
    int Webhooks,
    int Teams,
    int Slack,
    IReadOnlyList<AudienceSubscriberCount> ByAudience);

/// <param name="Sequence">The event sequence the page is current at.</param>
/// <param name="Total">Subscribers matching the search (the page holds at most <paramref name="PageSize"/> of them).</param>
public sealed record SubscribersForConsole(
    long Sequence,
    SubscriberCounts Counts,
    int Total,
    int Page,
    int PageSize,
    IReadOnlyList<EmailSubscriberView> Subscribers)
{
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>
/// The console's Subscribers page (Admin): counts by channel and audience, and the email subscribers
/// whose address contains the search, one page at a time, in address order.
/// </summary>
public sealed class GetSubscribers(IDbContextFactory<PortalDbContext> dbFactory)
{
    public const int DefaultPageSize = 25;
    public const int MaxPageSize = 200;

    public async Task<SubscribersForConsole> HandleAsync(GetSubscribersRequest request, Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Require(PortalRoles.Admin);
        var pageSize = Math.Clamp(request.PageSize, 1, MaxPageSize);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var sequence = await db.CurrentSequenceAsync(cancellationToken);
        var counts = await CountAsync(db, cancellationToken);

        var matching = db.EmailSubscriptions.AsNoTracking();
        if (request.Search?.Trim() is { Length: > 0 } search)
        {
            var lowered = search.ToLowerInvariant();
            matching = matching.Where(s => s.Address.ToLower().Contains(lowered) || (s.Name != null && s.Name.ToLower().Contains(lowered)));
        }

        var total = await matching.CountAsync(cancellationToken);
        var page = Math.Clamp(request.Page, 0, Math.Max(0, (total - 1) / pageSize));
        var subscriptions = await matching.OrderBy(s => s.Address).ThenBy(s => s.Id)
            .Skip(page * pageSize).Take(pageSize)
            .ToListAsync(cancellationToken);

        var accounts = await SubscriberViewers.OfAccountsAsync(db, [.. subscriptions.Where(s => s.UserId is not null).Select(s => s.UserId!)], cancellationToken);
        var systemIds = subscriptions.SelectMany(s => s.SystemIds).Distinct().ToList();
        var groupIds = subscriptions.SelectMany(s => s.GroupIds).Distinct().ToList();
        var systems = await db.EstateSystems.AsNoTracking().Where(s => systemIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Name, cancellationToken);
        var groups = await db.SystemGroups.AsNoTracking().Where(g => groupIds.Contains(g.Id)).ToDictionaryAsync(g => g.Id, g => g.Name, cancellationToken);

        var views = subscriptions.Select(s => new EmailSubscriberView(
            s.Id,
            s.Address,
            s.Origin,
            StateOf(s),
            s.SuspendedAt,
            s.SuspendedReason,
            s.Choice,
            [.. s.SystemIds.Select(id => systems.GetValueOrDefault(id, $"system {id}")), .. s.GroupIds.Select(id => groups.GetValueOrDefault(id, $"group {id}"))],
            AudiencesOf(s, accounts),
            s.CreatedAt,
            s.Name,
            s.SystemIds,
            s.GroupIds,
            s.Notices)).ToList();
        return new SubscribersForConsole(sequence, counts, total, page, pageSize, views);
    }

    private static SubscriberState StateOf(EmailSubscription subscription) =>
        subscription.SuspendedAt is not null ? SubscriberState.Suspended
        : subscription.ConfirmedAt is null ? SubscriberState.WaitingForConfirmation
        : SubscriberState.Active;

    private static List<string> AudiencesOf(EmailSubscription subscription, Dictionary<string, Viewer> accounts) =>
        subscription.UserId is { } userId
            ? accounts.TryGetValue(userId, out var viewer) ? [.. viewer.Audiences.Order(StringComparer.Ordinal)] : []
            : [.. new Viewer(subscription.Audiences).Audiences.Order(StringComparer.Ordinal)];

    private static async Task<SubscriberCounts> CountAsync(PortalDbContext db, CancellationToken cancellationToken)
    {
        var subscriptions = await db.EmailSubscriptions.AsNoTracking()
            .Select(s => new { s.UserId, s.Audiences, s.ConfirmedAt, s.SuspendedAt })
            .ToListAsync(cancellationToken);
        var accounts = await SubscriberViewers.OfAccountsAsync(db, [.. subscriptions.Where(s => s.UserId is not null).Select(s => s.UserId!)], cancellationToken);
        var endpoints = await db.WebhookEndpoints.AsNoTracking().Select(e => new { e.Kind, e.Audiences }).ToListAsync(cancellationToken);
        var audiences = await db.Audiences.AsNoTracking()
            .OrderBy(a => a.Key != Audience.Public).ThenBy(a => a.Name)
            .Select(a => new { a.Key, a.Name })
            .ToListAsync(cancellationToken);

        var emailAudiences = subscriptions.Select(s => s.UserId is { } userId
            ? accounts.TryGetValue(userId, out var viewer) ? viewer.Audiences : new HashSet<string>()
            : new Viewer(s.Audiences).Audiences).ToList();
        var endpointAudiences = endpoints.Select(e => new Viewer(e.Audiences).Audiences).ToList();
        return new SubscriberCounts(
            subscriptions.Count,
            subscriptions.Count(s => s.ConfirmedAt is not null && s.SuspendedAt is null),
            subscriptions.Count(s => s.ConfirmedAt is null && s.SuspendedAt is null),
            subscriptions.Count(s => s.SuspendedAt is not null),
            endpoints.Count(e => e.Kind == WebhookKind.StandardWebhooks),
            endpoints.Count(e => e.Kind == WebhookKind.Teams),
            endpoints.Count(e => e.Kind == WebhookKind.Slack),
            [.. audiences.Select(a => new AudienceSubscriberCount(a.Key, a.Name,
                emailAudiences.Count(set => set.Contains(a.Key)),
                endpointAudiences.Count(set => set.Contains(a.Key))))]);
    }
}
