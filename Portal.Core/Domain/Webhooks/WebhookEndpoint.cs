using System.Reflection;
using System.Security.Cryptography;
using Portal.Core.Events;

namespace Portal.Core.Domain;

/// <summary>What an endpoint is, and so how its messages are written.</summary>
public enum WebhookKind
{
    /// <summary>A program's receiver: the hub's event JSON, signed per the Standard Webhooks specification.</summary>
    StandardWebhooks,

    /// <summary>A Microsoft Teams channel's Workflows webhook: an Adaptive Card message.</summary>
    Teams,

    /// <summary>A Slack incoming webhook: a Block Kit message.</summary>
    Slack,
}

/// <summary>
/// Seals webhook secrets for storage and opens them again to sign (ASP.NET Core Data Protection in
/// the portal), so a copy of the database does not give away the secrets receivers verify with.
/// </summary>
public interface IWebhookSecretProtector
{
    string Seal(string secret);

    string Open(string sealedSecret);
}

/// <summary>
/// An address an organisation's program receives events at, per the Standard Webhooks
/// specification, or a Teams or Slack channel's incoming webhook. It receives exactly what its
/// audiences may see (and Public), optionally only some event types; each message to a program is
/// signed with its secret (and, while the secret is being rotated, with the previous one too).
/// Secrets are stored sealed (<see cref="IWebhookSecretProtector"/>), and so is a Teams or Slack
/// address, which is itself the secret that lets anyone post to the channel.
/// </summary>
public sealed class WebhookEndpoint
{
    /// <summary>The longest sealed secret stored.</summary>
    public const int SealedSecretMaxLength = 1_000;

    /// <summary>The longest sealed Teams or Slack address stored (a sealed <see cref="UrlMaxLength"/> address fits).</summary>
    public const int SealedUrlMaxLength = 4_000;

    /// <summary>
    /// What a Teams or Slack channel is told when it chose no event types: what people act on
    /// (statements, status, maintenance, the restart and the incident), not every metric point.
    /// </summary>
    public static readonly IReadOnlyList<string> ChatEventTypes =
    [
        PortalEventTypes.StatementPublished, PortalEventTypes.StatementAmended, PortalEventTypes.StatementWithdrawn,
        PortalEventTypes.SystemStatusChanged, PortalEventTypes.MaintenanceUpdated, PortalEventTypes.PhaseUpdated,
        PortalEventTypes.IncidentUpdated,
    ];

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

    private WebhookEndpoint(WebhookKind kind, string organisation, string url, List<string> audiences, List<string> eventTypes, string secret,
        string createdBy, int? apiClientId, IWebhookSecretProtector protector, DateTimeOffset at)
    {
        Kind = kind;
        Organisation = Guard.Text(organisation, OrganisationMaxLength, "organisation");
        SetUrl(CheckUrl(url), protector);
        Audiences = audiences;
        EventTypes = eventTypes;
        Secret = secret;
        CreatedBy = createdBy;
        ApiClientId = apiClientId;
        CreatedAt = at;
    }

    public int Id { get; private set; }

    public WebhookKind Kind { get; private set; }

    /// <summary>The API key that registered it for its own program and manages it; null when an Admin registered it.</summary>
    public int? ApiClientId { get; private set; }

    /// <summary>Whose program this is, e.g. "Northway Motors dealer system".</summary>
    public string Organisation { get; private set; } = "";

    /// <summary>
    /// A program's address; for Teams and Slack only the address's start (<see cref="Mask"/>), which is safe
    /// to show: the whole address is <see cref="SealedUrl"/>. Post to <see cref="Address"/>.
    /// </summary>
    public string Url { get; private set; } = "";

    /// <summary>A Teams or Slack address, sealed; null for a program's endpoint, whose address is no secret.</summary>
    public string? SealedUrl { get; private set; }

    /// <summary>The audiences it receives as (Public always, besides these).</summary>
    public List<string> Audiences { get; private set; } = [];

    /// <summary>The event types it receives; empty for every type.</summary>
    public List<string> EventTypes { get; private set; } = [];

    /// <summary>The current signing secret (<c>whsec_</c> and base64), sealed; empty for Teams and Slack, whose address is what they check.</summary>
    public string Secret { get; private set; } = "";

    /// <summary>The secret before the last rotation, sealed, still signing until <see cref="PreviousSecretExpiresAt"/>.</summary>
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

    /// <summary>
    /// Registers an endpoint; a program's signing secret is returned here once and shown once (null for
    /// Teams and Slack, which sign nothing). <paramref name="apiClientId"/> is the key registering it for itself.
    /// </summary>
    public static (WebhookEndpoint Endpoint, string? Secret) Register(WebhookKind kind, string organisation, string url, IEnumerable<string> audiences,
        IEnumerable<string> eventTypes, string createdBy, int? apiClientId, IWebhookSecretProtector protector, DateTimeOffset at)
    {
        var secret = kind == WebhookKind.StandardWebhooks ? NewSecret() : null;
        var endpoint = new WebhookEndpoint(kind, organisation, url, AudienceSet.Normalise(audiences), CheckEventTypes(eventTypes),
            secret is null ? "" : protector.Seal(secret), createdBy, apiClientId, protector, at);
        return (endpoint, secret);
    }

    /// <summary>Whether the address is a secret to seal and mask: a Teams or Slack incoming webhook's is.</summary>
    public bool HasSecretAddress => Kind != WebhookKind.StandardWebhooks;

    /// <summary>The whole address messages are posted to (opened from <see cref="SealedUrl"/> for Teams and Slack).</summary>
    public string Address(IWebhookSecretProtector protector) => SealedUrl is { } sealedUrl ? protector.Open(sealedUrl) : Url;

    /// <summary>An address shown without its secret part: <c>https://hooks.slack.com/…</c>.</summary>
    public static string Mask(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) ? $"{uri.Scheme}://{uri.Authority}/…" : "…";

    /// <summary>
    /// Whether this endpoint is sent <paramref name="portalEvent"/>: enabled, a chosen type (for Teams and
    /// Slack, by default <see cref="ChatEventTypes"/>), and visible to its audiences.
    /// </summary>
    public bool Wants(PortalEvent portalEvent) =>
        IsEnabled
        && (EventTypes.Count > 0 ? EventTypes : Kind == WebhookKind.StandardWebhooks ? null : ChatEventTypes)?.Contains(portalEvent.Type) != false
        && portalEvent.IsVisibleTo(Viewer.Audiences);

    /// <summary>
    /// Changes the endpoint. A Teams or Slack endpoint keeps its address when <paramref name="url"/> is
    /// empty (the console never shows the whole address, so it cannot give it back).
    /// </summary>
    public void Change(string organisation, string? url, IEnumerable<string> audiences, IEnumerable<string> eventTypes, IWebhookSecretProtector protector)
    {
        Organisation = Guard.Text(organisation, OrganisationMaxLength, "organisation");
        if (!(HasSecretAddress && string.IsNullOrWhiteSpace(url)))
        {
            SetUrl(CheckUrl(url ?? ""), protector);
        }

        Audiences = AudienceSet.Normalise(audiences);
        EventTypes = CheckEventTypes(eventTypes);
    }

    /// <summary>
    /// Starts signing with a new secret (returned once). The old one goes on signing beside it until
    /// <paramref name="at"/> + <paramref name="overlap"/>, so the receiver can switch without losing a message.
    /// </summary>
    public string RotateSecret(DateTimeOffset at, TimeSpan overlap, IWebhookSecretProtector protector)
    {
        if (Kind != WebhookKind.StandardWebhooks)
        {
            throw new DomainException("A Teams or Slack webhook has no secret; to change it, change its address.");
        }

        var secret = NewSecret();
        PreviousSecret = Secret;
        PreviousSecretExpiresAt = at + overlap;
        Secret = protector.Seal(secret);
        return secret;
    }

    /// <summary>The secrets a message sent at <paramref name="at"/> is signed with: the current one, and the previous while it lasts.</summary>
    public IReadOnlyList<string> SigningSecrets(DateTimeOffset at, IWebhookSecretProtector protector) =>
        PreviousSecret is { } previous && PreviousSecretExpiresAt > at
            ? [protector.Open(Secret), protector.Open(previous)]
            : [protector.Open(Secret)];

    /// <summary>
    /// Seals secrets stored before secrets were sealed (they start with <c>whsec_</c>) and a Teams or Slack
    /// address stored before addresses were sealed; returns whether any was.
    /// </summary>
    public bool SealPlainSecrets(IWebhookSecretProtector protector)
    {
        var changed = false;
        if (HasSecretAddress && SealedUrl is null)
        {
            SetUrl(Url, protector);
            changed = true;
        }

        if (Secret.StartsWith(SecretPrefix, StringComparison.Ordinal))
        {
            Secret = protector.Seal(Secret);
            changed = true;
        }

        if (PreviousSecret is { } previous && previous.StartsWith(SecretPrefix, StringComparison.Ordinal))
        {
            PreviousSecret = protector.Seal(previous);
            changed = true;
        }

        return changed;
    }

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

    private void SetUrl(string url, IWebhookSecretProtector protector)
    {
        Url = HasSecretAddress ? Mask(url) : url;
        SealedUrl = HasSecretAddress ? protector.Seal(url) : null;
    }

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
