using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Portal.Core.Domain;
using Portal.Core.Events;

namespace Portal.Core.Features.Webhooks;

/// <summary>
/// The body of a webhook: the same JSON as an event on the hub (sequence, type, occurredAt, the
/// event's audiences that the endpoint belongs to, data).
/// </summary>
public sealed record WebhookMessage(long Sequence, string Type, DateTimeOffset OccurredAt, IReadOnlyList<string> Audiences, JsonElement Data)
{
    public static WebhookMessage From(PortalEvent portalEvent, IReadOnlySet<string> receiverAudiences)
    {
        using var data = JsonDocument.Parse(portalEvent.Data);
        return new WebhookMessage(portalEvent.Sequence, portalEvent.Type, portalEvent.OccurredAt,
            [.. portalEvent.Audiences.Where(receiverAudiences.Contains)], data.RootElement.Clone());
    }

    public byte[] ToUtf8Json() => JsonSerializer.SerializeToUtf8Bytes(this, PortalEvent.PayloadJson);
}

/// <summary>The Standard Webhooks signature: <c>v1,</c> and the base64 HMAC-SHA256 of <c>id.timestamp.body</c>, one per secret, space-separated.</summary>
public static class WebhookSignature
{
    public static string Sign(string messageId, long timestamp, byte[] body, IEnumerable<string> secrets)
    {
        var signed = Encoding.UTF8.GetBytes($"{messageId}.{timestamp}.").Concat(body).ToArray();
        return string.Join(' ', secrets.Select(secret => "v1," + Convert.ToBase64String(HMACSHA256.HashData(Key(secret), signed))));
    }

    private static byte[] Key(string secret) =>
        Convert.FromBase64String(secret.StartsWith(WebhookEndpoint.SecretPrefix, StringComparison.Ordinal)
            ? secret[WebhookEndpoint.SecretPrefix.Length..]
            : secret);
}

/// <summary>
/// Tells whoever follows webhook deliveries on this node (the console, the sender) that endpoints
/// or deliveries changed. Deliveries are not portal events: nobody outside the console sees them.
/// </summary>
public sealed class WebhookActivity : ActivityNotice;
