using System.Reflection;
using System.Security.Cryptography;
using Portal.Core.Events;

namespace Portal.Core.Domain;

/// <summary>
/// An address an organisation's program receives events at, per the Standard Webhooks
/// specification. It receives exactly what its audiences may see (and Public), optionally only
/// some event types; each message is signed with its secret (and, while the secret is being
/// rotated, with the previous one too).
/// </summary>
public sealed class WebhookEndpoint
{
    public const int OrganisationMaxLength = 120;
    public const int UrlMaxLength = 2_000;
    public const int DisabledReasonMaxLength = 200;
    public const string SecretPrefix = "whsec_";
    private const int SecretBytes = 32;

    /// <summary>Every event type an endpoint can choose (<see cref="PortalEventTypes"/>).</summary>
    public static readonly IReadOnlyList<string> EventTypeChoices = [.. typeof(PortalEventTypes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral)
        .Select(f => (string)f.GetRawConstantValue()!)];

    private WebhookEndpoint()
    {
    }

    private WebhookEndpoint(string organisation, string url, List<string> audiences, List<string> eventTypes, string secret,
        string createdBy, DateTimeOffset at)
    {
        Organisation = Guard.Text(organisation, OrganisationMaxLength, "organisation");
        Url = CheckUrl(url);
        Audiences = audiences;
        EventTypes = eventTypes;
        Secret = secret;
        CreatedBy = createdBy;
        CreatedAt = at;
    }

    public int Id { get; private set; }

    /// <summary>Whose program this is, e.g. "Northway Motors dealer system".</summary>
    public string Organisation { get; private set; } = "";

    public string Url { get; private set; } = "";

    /// <summary>The audiences it receives as (Public always, besides these).</summary>
    public List<string> Audiences { get; private set; } = [];

    /// <summary>The event types it receives; empty for every type.</summary>
    public List<string> EventTypes { get; private set; } = [];

    /// <summary>The current signing secret, <c>whsec_</c> and base64.</summary>
    public string Secret { get; private set; } = "";

    /// <summary>The secret before the last rotation, still signing until <see cref="PreviousSecretExpiresAt"/>.</summary>
    public string? PreviousSecret { get; private set; }

    public DateTimeOffset? PreviousSecretExpiresAt { get; private set; }

    public string CreatedBy { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? DisabledAt { get; private set; }

    /// <summary>Why it receives nothing: an Admin disabled it, it answered 410 Gone, or it failed every attempt.</summary>
    public string? DisabledReason { get; private set; }

    public DateTimeOffset? LastSuccessAt { get; private set; }

    public bool IsEnabled => DisabledAt is null;

    /// <summary>What it reads as: its audiences and Public.</summary>
    public Viewer Viewer => new(Audiences);

    /// <summary>Registers an endpoint; the secret is returned here once and shown once.</summary>
    public static (WebhookEndpoint Endpoint, string Secret) Register(string organisation, string url, IEnumerable<string> audiences,
        IEnumerable<string> eventTypes, string createdBy, DateTimeOffset at)
    {
        var secret = NewSecret();
        return (new WebhookEndpoint(organisation, url, AudienceSet.Normalise(audiences), CheckEventTypes(eventTypes), secret, createdBy, at), secret);
    }

    /// <summary>Whether this endpoint is sent <paramref name="portalEvent"/>: enabled, a chosen type, and visible to its audiences.</summary>
    public bool Wants(PortalEvent portalEvent) =>
        IsEnabled && (EventTypes.Count == 0 || EventTypes.Contains(portalEvent.Type)) && portalEvent.IsVisibleTo(Viewer.Audiences);

    public void Change(string organisation, string url, IEnumerable<string> audiences, IEnumerable<string> eventTypes)
    {
        Organisation = Guard.Text(organisation, OrganisationMaxLength, "organisation");
        Url = CheckUrl(url);
        Audiences = AudienceSet.Normalise(audiences);
        EventTypes = CheckEventTypes(eventTypes);
    }

    /// <summary>
    /// Starts signing with a new secret (returned once). The old one goes on signing beside it until
    /// <paramref name="at"/> + <paramref name="overlap"/>, so the receiver can switch without losing a message.
    /// </summary>
    public string RotateSecret(DateTimeOffset at, TimeSpan overlap)
    {
        PreviousSecret = Secret;
        PreviousSecretExpiresAt = at + overlap;
        Secret = NewSecret();
        return Secret;
    }

    /// <summary>The secrets a message sent at <paramref name="at"/> is signed with: the current one, and the previous while it lasts.</summary>
    public IReadOnlyList<string> SigningSecrets(DateTimeOffset at) =>
        PreviousSecret is { } previous && PreviousSecretExpiresAt > at ? [Secret, previous] : [Secret];

    public void Disable(string reason, DateTimeOffset at)
    {
        if (DisabledAt is null)
        {
            DisabledAt = at;
            DisabledReason = Guard.Text(reason, DisabledReasonMaxLength, "reason");
        }
    }

    public void Enable()
    {
        DisabledAt = null;
        DisabledReason = null;
    }

    public void RecordSuccess(DateTimeOffset at) => LastSuccessAt = at;

    private static string NewSecret() => SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(SecretBytes));

    private static string CheckUrl(string url)
    {
        var trimmed = Guard.Text(url, UrlMaxLength, "address");
        if (!Uri.TryCreate(trimmed, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new DomainException("The address must be a web address starting with https:// (or http://).");
        }

        if (uri.UserInfo.Length > 0)
        {
            throw new DomainException("Put no user name or password in the address; the receiver checks the signature instead.");
        }

        return uri.AbsoluteUri;
    }

    private static List<string> CheckEventTypes(IEnumerable<string> eventTypes)
    {
        var types = eventTypes.Select(t => t.Trim()).Where(t => t.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var unknown = types.Where(t => !EventTypeChoices.Contains(t)).ToList();
        return unknown.Count == 0 ? types : throw new DomainException($"There is no event type '{unknown[0]}'.");
    }
}
