using System.Security.Cryptography;
using System.Text;

namespace Portal.Core.Domain;

/// <summary>What an email subscriber is told about.</summary>
public enum EmailSubscriptionChoice
{
    /// <summary>Every statement and every status change they may see.</summary>
    Everything,

    /// <summary>Statements, and status changes of the systems in <see cref="EmailSubscription.SystemIds"/>.</summary>
    ChosenSystems,

    /// <summary>Published, amended and withdrawn statements only.</summary>
    StatementsOnly,
}

/// <summary>
/// One address that receives the portal's updates by mail. An anonymous subscription reads as the
/// Public audience; it receives nothing until the address has been confirmed (double opt-in). The
/// confirmation token is stored only as a hash.
/// </summary>
public sealed class EmailSubscription
{
    public const int AddressMaxLength = 254;

    private EmailSubscription()
    {
    }

    public long Id { get; private set; }

    public string Address { get; private set; } = "";

    /// <summary>The audiences this subscription reads as (Public for an anonymous subscriber).</summary>
    public List<string> Audiences { get; private set; } = [];

    public EmailSubscriptionChoice Choice { get; private set; }

    /// <summary>The systems chosen when <see cref="Choice"/> is <see cref="EmailSubscriptionChoice.ChosenSystems"/>.</summary>
    public List<int> SystemIds { get; private set; } = [];

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>When the address was confirmed; null: nothing is sent yet.</summary>
    public DateTimeOffset? ConfirmedAt { get; private set; }

    /// <summary>SHA-256 (hex) of the token in the confirmation link.</summary>
    public string ConfirmationTokenHash { get; private set; } = "";

    /// <summary>When sending stopped because the mail server refused the address for good.</summary>
    public DateTimeOffset? SuspendedAt { get; private set; }

    public bool IsActive => ConfirmedAt is not null && SuspendedAt is null;

    public IReadOnlySet<string> Viewer => Audiences.ToHashSet(StringComparer.Ordinal);

    /// <summary>A new anonymous (Public) subscription and the confirmation token to mail to it.</summary>
    public static (EmailSubscription Subscription, string ConfirmationToken) CreateAnonymous(
        string address, EmailSubscriptionChoice choice, IEnumerable<int> systemIds, DateTimeOffset now)
    {
        var token = NewToken();
        var subscription = new EmailSubscription
        {
            Address = address.Trim(),
            Audiences = [Audience.Public],
            Choice = choice,
            SystemIds = choice == EmailSubscriptionChoice.ChosenSystems ? systemIds.Distinct().Order().ToList() : [],
            CreatedAt = now,
            ConfirmationTokenHash = HashOf(token),
        };
        return (subscription, token);
    }

    /// <summary>Changes what an unconfirmed subscription will receive and gives it a new confirmation token.</summary>
    public string Renew(EmailSubscriptionChoice choice, IEnumerable<int> systemIds)
    {
        Choice = choice;
        SystemIds = choice == EmailSubscriptionChoice.ChosenSystems ? systemIds.Distinct().Order().ToList() : [];
        var token = NewToken();
        ConfirmationTokenHash = HashOf(token);
        return token;
    }

    public void Confirm(DateTimeOffset now) => ConfirmedAt ??= now;

    public void Suspend(DateTimeOffset now) => SuspendedAt ??= now;

    /// <summary>Whether this subscription is told about an event of this kind: it may see it (<paramref name="visible"/>) and chose it.</summary>
    public bool Wants(PortalEventKind kind, int? systemId, bool visible) =>
        visible && IsActive && kind switch
        {
            PortalEventKind.Statement => true,
            PortalEventKind.SystemStatus => Choice switch
            {
                EmailSubscriptionChoice.Everything => true,
                EmailSubscriptionChoice.ChosenSystems => systemId is { } id && SystemIds.Contains(id),
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
