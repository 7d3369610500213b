using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Persistence;

namespace Portal.Core.Features.Webhooks;

/// <summary>A webhook endpoint as the console shows it; never its secrets.</summary>
/// <param name="RotationEndsAt">While a rotation lasts, when the previous secret stops signing.</param>
/// <param name="Failing">Deliveries that failed for good, or are waiting for a retry after failing.</param>
public sealed record WebhookEndpointView(
    int Id,
    string Organisation,
    string Url,
    IReadOnlyList<string> Audiences,
    IReadOnlyList<string> EventTypes,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset? DisabledAt,
    string? DisabledReason,
    DateTimeOffset? LastSuccessAt,
    DateTimeOffset? RotationEndsAt,
    int Pending,
    int Failing)
{
    public bool IsEnabled => DisabledAt is null;
}

/// <param name="Secret">The signing secret (<c>whsec_…</c>): show it once; the console never shows it again.</param>
public sealed record WebhookEndpointWithSecret(WebhookEndpointView Endpoint, string Secret);

internal static class WebhookEndpoints
{
    public static async Task<WebhookEndpoint> FindAsync(PortalDbContext db, int id, CancellationToken cancellationToken) =>
        await db.WebhookEndpoints.SingleOrDefaultAsync(e => e.Id == id, cancellationToken)
            ?? throw new NotFoundException($"There is no webhook endpoint {id}.");

    public static string Key(WebhookEndpoint endpoint) => endpoint.Id.ToString(CultureInfo.InvariantCulture);

    public static object Snapshot(WebhookEndpoint e) => new
    {
        e.Organisation,
        e.Url,
        Audiences = e.Audiences.ToList(),
        EventTypes = e.EventTypes.ToList(),
        e.DisabledReason,
    };

    public static WebhookEndpointView View(WebhookEndpoint e, DateTimeOffset now, int pending = 0, int failing = 0) =>
        new(e.Id, e.Organisation, e.Url, e.Audiences, e.EventTypes, e.CreatedBy, e.CreatedAt, e.DisabledAt, e.DisabledReason, e.LastSuccessAt,
            e.PreviousSecretExpiresAt > now ? e.PreviousSecretExpiresAt : null, pending, failing);
}
