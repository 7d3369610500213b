using System.Security.Cryptography;
using System.Text;

namespace Portal.Core.Domain;

/// <summary>What an email subscriber is told about.</summary>
public enum EmailSubscriptionChoice
{
    /// <summary>Every statement and every status change they may see.</summary>
    Everything,

    /// <summary>
    /// Statements, and status changes of the systems in <see cref="EmailSubscription.SystemIds"/> and of
    /// every system in the groups in <see cref="EmailSubscription.GroupIds"/>.
    /// </summary>
    ChosenSystems,

    /// <summary>Published, amended and withdrawn statements only.</summary>
    StatementsOnly,
}

/// <summary>How a subscription came to be.</summary>
public enum EmailSubscriptionOrigin
{
    /// <summary>Someone without an account, from the form; confirmed by the mailed link (double opt-in).</summary>
    Form,

    /// <summary>A signed-in person for their own (confirmed) account address; reads with that person's audiences at send time.</summary>
    Account,

    /// <summary>An Admin imported the contact with its audiences; no opt-in mail.</summary>
    Import,
}

/// <summary>
/// One address that receives the portal's updates by mail. A subscription from the form reads as the
/// Public audience; an imported one with the audiences it was imported with; a viewer account's with
/// the audiences that person holds at the moment each mail is sent. It receives nothing until it is
/// confirmed (double opt-in for the form); the confirmation token is stored only as a hash.
/// </summary>
public sealed class EmailSubscription
{
    public const int AddressMaxLength = 254;
    public const int SuspendedReasonMaxLength = 300;

    private EmailSubscription()
    {
    }

    public long Id { get; private set; }

    public string Address { get; private set; } = "";

    public EmailSubscriptionOrigin Origin { get; private set; }

    /// <summary>The viewer account this subscription belongs to (<see cref="EmailSubscriptionOrigin.Account"/>), else null.</summary>
    public string? UserId { get; private set; }

    /// <summary>
    /// The audiences a subscription without an account reads as (Public from the form, the imported ones
    /// for a contact). Unused for an account's subscription: its person's audiences are read at send time.
    /// </summary>
    public List<string> Audiences { get; private set; } = [];

    public EmailSubscriptionChoice Choice { get; private set; }

    /// <summary>The systems chosen when <see cref="Choice"/> is <see cref="EmailSubscriptionChoice.ChosenSystems"/>.</summary>
    public List<int> SystemIds { get; private set; } = [];

    /// <summary>The system groups chosen when <see cref="Choice"/> is <see cref="EmailSubscriptionChoice.ChosenSystems"/>.</summary>
    public List<int> GroupIds { get; private set; } = [];

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>When the address was confirmed; null: nothing is sent yet.</summary>
    public DateTimeOffset? ConfirmedAt { get; private set; }

    /// <summary>SHA-256 (hex) of the token in the confirmation link; empty when none is needed.</summary>
    public string ConfirmationTokenHash { get; private set; } = "";

    /// <summary>When sending stopped because the mail server refused the address for good, or an Admin suspended it.</summary>
    public DateTimeOffset? SuspendedAt { get; private set; }

    public string? SuspendedReason { get; private set; }

    /// <summary>When the last status message went to this subscriber: the next waits for the digest interval.</summary>
    public DateTimeOffset? LastStatusMailAt { get; private set; }

    public bool IsActive => ConfirmedAt is not null && SuspendedAt is null;

    /// <summary>A new anonymous (Public) subscription and the confirmation token to mail to it.</summary>
    public static (EmailSubscription Subscription, string ConfirmationToken) CreateAnonymous(
        string address, EmailSubscriptionChoice choice, IEnumerable<int> systemIds, IEnumerable<int> groupIds, DateTimeOffset now)
    {
        var token = NewToken();
        var subscription = new EmailSubscription
        {
            Address = address.Trim(),
            Origin = EmailSubscriptionOrigin.Form,
            Audiences = [Audience.Public],
            CreatedAt = now,
            ConfirmationTokenHash = HashOf(token),
        };
        subscription.Choose(choice, systemIds, groupIds);
        return (subscription, token);
    }

    /// <summary>A signed-in person's subscription for their own confirmed address: active at once.</summary>
    public static EmailSubscription CreateForAccount(
        string address, string userId, EmailSubscriptionChoice choice, IEnumerable<int> systemIds, IEnumerable<int> groupIds, DateTimeOffset now)
    {
        var subscription = new EmailSubscription { Address = address.Trim(), CreatedAt = now };
        subscription.MoveToAccount(userId, now);
        subscription.Choose(choice, systemIds, groupIds);
        return subscription;
    }

    /// <summary>A contact an Admin imported with its audiences: active at once, without an opt-in mail.</summary>
    public static EmailSubscription CreateImported(string address, IEnumerable<string> audiences, DateTimeOffset now) =>
        new()
        {
            Address = address.Trim(),
            Origin = EmailSubscriptionOrigin.Import,
            Audiences = audiences.Select(Audience.NormaliseKey).Append(Audience.Public).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
            CreatedAt = now,
            ConfirmedAt = now,
        };

    /// <summary>Changes what this subscription receives.</summary>
    public void Choose(EmailSubscriptionChoice choice, IEnumerable<int> systemIds, IEnumerable<int> groupIds)
    {
        var systems = systemIds.Distinct().Order().ToList();
        var groups = groupIds.Distinct().Order().ToList();
        if (choice == EmailSubscriptionChoice.ChosenSystems && systems.Count == 0 && groups.Count == 0)
        {
            throw new DomainException("Choose at least one system or group, or another option.");
        }

        Choice = choice;
        SystemIds = choice == EmailSubscriptionChoice.ChosenSystems ? systems : [];
        GroupIds = choice == EmailSubscriptionChoice.ChosenSystems ? groups : [];
    }

    /// <summary>Changes what an unconfirmed subscription will receive and gives it a new confirmation token.</summary>
    public string Renew(EmailSubscriptionChoice choice, IEnumerable<int> systemIds, IEnumerable<int> groupIds)
    {
        Choose(choice, systemIds, groupIds);
        var token = NewToken();
        ConfirmationTokenHash = HashOf(token);
        return token;
    }

    /// <summary>Makes this the subscription of the signed-in person who owns the address.</summary>
    public void MoveToAccount(string userId, DateTimeOffset now)
    {
        Origin = EmailSubscriptionOrigin.Account;
        UserId = userId;
        Audiences = [];
        ConfirmedAt ??= now;
        ConfirmationTokenHash = "";
    }

    public void Confirm(DateTimeOffset now)
    {
        ConfirmedAt ??= now;
        ConfirmationTokenHash = "";
    }

    public void Suspend(string reason, DateTimeOffset now)
    {
        SuspendedAt ??= now;
        SuspendedReason = reason.Length <= SuspendedReasonMaxLength ? reason : reason[..SuspendedReasonMaxLength];
    }

    public void Resume()
    {
        SuspendedAt = null;
        SuspendedReason = null;
    }

    public void StatusMailed(DateTimeOffset now) => LastStatusMailAt = now;

    /// <summary>When a status message may go next (now, or the end of the digest interval after the last one).</summary>
    public DateTimeOffset StatusMailDue(DateTimeOffset now, TimeSpan digest) =>
        LastStatusMailAt is { } last && last + digest > now ? last + digest : now;

    /// <summary>Whether this subscription chose to be told about an event of this kind (the audience rule is checked separately).</summary>
    public bool Chose(PortalEventKind kind, int? systemId, int? groupId) =>
        IsActive && kind switch
        {
            PortalEventKind.Statement => true,
            PortalEventKind.SystemStatus => Choice switch
            {
                EmailSubscriptionChoice.Everything => true,
                EmailSubscriptionChoice.ChosenSystems => (systemId is { } id && SystemIds.Contains(id)) || (groupId is { } group && GroupIds.Contains(group)),
                _ => false,
            },
            _ => false,
        };

    public static string HashOf(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string NewToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');
}

/// <summary>The kinds of events email subscribers are told about.</summary>
public enum PortalEventKind
{
    Other,
    Statement,
    SystemStatus,
}
