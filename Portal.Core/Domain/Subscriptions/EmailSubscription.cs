using System.Security.Cryptography;
using System.Text;

namespace Portal.Core.Domain;

/// <summary>What an email subscriber is told about.</summary>
public enum EmailSubscriptionChoice
{
    /// <summary>Every statement and every status change they may see (and maintenance and restart phases, as they chose).</summary>
    Everything,

    /// <summary>
    /// Statements, and status changes of the systems in <see cref="EmailSubscription.SystemIds"/> and of
    /// every system in the groups in <see cref="EmailSubscription.GroupIds"/> (and the maintenance windows
    /// and restart phases touching those systems, as they chose).
    /// </summary>
    ChosenSystems,

    /// <summary>Published, amended and withdrawn statements only: no status, maintenance or phase notices.</summary>
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
    public const int NameMaxLength = 200;

    private EmailSubscription()
    {
    }

    public long Id { get; private set; }

    public string Address { get; private set; } = "";

    public EmailSubscriptionOrigin Origin { get; private set; }

    /// <summary>The contact's name, given when an Admin imported it (mails greet them by it); else null.</summary>
    public string? Name { get; private set; }

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

    /// <summary>
    /// Whether maintenance windows (scheduled, changed, started, finished, cancelled) are mailed: all the
    /// subscriber may see, or with <see cref="EmailSubscriptionChoice.ChosenSystems"/> those touching the chosen
    /// systems. Never with <see cref="EmailSubscriptionChoice.StatementsOnly"/>.
    /// </summary>
    public bool MaintenanceNotices { get; private set; }

    /// <summary>Whether restart phase changes are mailed, with the same scope as <see cref="MaintenanceNotices"/>.</summary>
    public bool PhaseNotices { get; private set; }

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
        string address, EmailSubscriptionChoice choice, IEnumerable<int> systemIds, IEnumerable<int> groupIds, DateTimeOffset now,
        EmailNotices? notices = null)
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
        subscription.Choose(choice, systemIds, groupIds, notices);
        return (subscription, token);
    }

    /// <summary>A signed-in person's subscription for their own confirmed address: active at once.</summary>
    public static EmailSubscription CreateForAccount(
        string address, string userId, EmailSubscriptionChoice choice, IEnumerable<int> systemIds, IEnumerable<int> groupIds, DateTimeOffset now,
        EmailNotices? notices = null)
    {
        var subscription = new EmailSubscription { Address = address.Trim(), CreatedAt = now };
        subscription.MoveToAccount(userId, now);
        subscription.Choose(choice, systemIds, groupIds, notices);
        return subscription;
    }

    /// <summary>
    /// A contact an Admin imported with its audiences and (optional) name: active at once, without an opt-in
    /// mail, receiving everything its audiences may see.
    /// </summary>
    public static EmailSubscription CreateImported(string address, IEnumerable<string> audiences, DateTimeOffset now, string? name = null)
    {
        var subscription = new EmailSubscription
        {
            Address = address.Trim(),
            Origin = EmailSubscriptionOrigin.Import,
            Name = Guard.OptionalText(name, NameMaxLength, nameof(name)),
            CreatedAt = now,
            ConfirmedAt = now,
        };
        subscription.ReadAs(audiences);
        subscription.Choose(EmailSubscriptionChoice.Everything, [], []);
        return subscription;
    }

    /// <summary>
    /// Changes the audiences a subscription without an account reads as (Public is always kept). An
    /// account's subscription reads as its person, whose audiences are changed on the People page.
    /// </summary>
    public void ReadAs(IEnumerable<string> audiences)
    {
        if (Origin == EmailSubscriptionOrigin.Account)
        {
            throw new DomainException("This subscription reads as its account's person: change their audiences on the People page.");
        }

        Audiences = audiences.Select(Audience.NormaliseKey).Append(Audience.Public).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// Changes what this subscription receives. <paramref name="notices"/> says whether maintenance and
    /// phase notices come too; null gives the default of the choice (both with everything or chosen systems).
    /// Statements only never receives them.
    /// </summary>
    public void Choose(EmailSubscriptionChoice choice, IEnumerable<int> systemIds, IEnumerable<int> groupIds, EmailNotices? notices = null)
    {
        var systems = systemIds.Distinct().Order().ToList();
        var groups = groupIds.Distinct().Order().ToList();
        if (choice == EmailSubscriptionChoice.ChosenSystems && systems.Count == 0 && groups.Count == 0)
        {
            throw new DomainException("Choose at least one system or group, or another option.");
        }

        var taken = choice == EmailSubscriptionChoice.StatementsOnly ? EmailNotices.None : notices ?? EmailNotices.Maintenance | EmailNotices.Phases;
        Choice = choice;
        SystemIds = choice == EmailSubscriptionChoice.ChosenSystems ? systems : [];
        GroupIds = choice == EmailSubscriptionChoice.ChosenSystems ? groups : [];
        MaintenanceNotices = taken.HasFlag(EmailNotices.Maintenance);
        PhaseNotices = taken.HasFlag(EmailNotices.Phases);
    }

    /// <summary>The maintenance and phase notices this subscription takes.</summary>
    public EmailNotices Notices =>
        (MaintenanceNotices ? EmailNotices.Maintenance : EmailNotices.None) | (PhaseNotices ? EmailNotices.Phases : EmailNotices.None);

    /// <summary>Changes what an unconfirmed subscription will receive and gives it a new confirmation token.</summary>
    public string Renew(EmailSubscriptionChoice choice, IEnumerable<int> systemIds, IEnumerable<int> groupIds, EmailNotices? notices = null)
    {
        Choose(choice, systemIds, groupIds, notices);
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
        Chose(kind, systemId is { } id ? [id] : [], groupId is { } group ? [group] : []);

    /// <summary>
    /// Whether this subscription chose to be told about an event of this kind touching the systems
    /// <paramref name="systemIds"/> (in the groups <paramref name="groupIds"/>): the system whose status
    /// changed, or the systems of a maintenance window or restart phase that the subscriber may see.
    /// The audience rule is checked separately.
    /// </summary>
    public bool Chose(PortalEventKind kind, IReadOnlyCollection<int> systemIds, IReadOnlyCollection<int> groupIds) =>
        IsActive && kind switch
        {
            PortalEventKind.Statement => true,
            PortalEventKind.SystemStatus => Touches(systemIds, groupIds),
            PortalEventKind.Maintenance => MaintenanceNotices && Touches(systemIds, groupIds),
            PortalEventKind.Phase => PhaseNotices && Touches(systemIds, groupIds),
            _ => false,
        };

    private bool Touches(IReadOnlyCollection<int> systemIds, IReadOnlyCollection<int> groupIds) => Choice switch
    {
        EmailSubscriptionChoice.Everything => true,
        EmailSubscriptionChoice.ChosenSystems => systemIds.Any(SystemIds.Contains) || groupIds.Any(GroupIds.Contains),
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
    Maintenance,
    Phase,
}

/// <summary>The notices besides statements and status changes that a subscriber may take or leave.</summary>
[Flags]
public enum EmailNotices
{
    None = 0,

    /// <summary>Maintenance windows scheduled, changed, started, finished or cancelled.</summary>
    Maintenance = 1,

    /// <summary>Restart phases added, changed, started or completed.</summary>
    Phases = 2,
}
