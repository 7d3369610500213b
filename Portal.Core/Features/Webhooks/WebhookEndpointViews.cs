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
    int Failing,
    WebhookKind Kind = WebhookKind.StandardWebhooks,
    int? ApiClientId = null)
{
    public bool IsEnabled => DisabledAt is null;
}

/// <param name="Secret">The signing secret (<c>whsec_…</c>): show it once; the console never shows it again. Null for Teams and Slack.</param>
public sealed record WebhookEndpointWithSecret(WebhookEndpointView Endpoint, string? Secret);

internal static class WebhookEndpoints
{
    public static async Task<WebhookEndpoint> FindAsync(PortalDbContext db, int id, CancellationToken cancellationToken) =>
        await db.WebhookEndpoints.SingleOrDefaultAsync(e => e.Id == id, cancellationToken)
            ?? throw new NotFoundException($"There is no webhook endpoint {id}.");

    /// <summary>The API client of a key acting on its own endpoints; refused when the request did not say which key it is.</summary>
    public static async Task<ApiClient> KeyClientAsync(PortalDbContext db, ApiKeyGrant key, CancellationToken cancellationToken) =>
        key.ClientId is { } id && await db.ApiClients.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id && c.RevokedAt == null, cancellationToken) is { } client
            ? client
            : throw new ForbiddenException("This key cannot manage webhook endpoints.");

    /// <summary>
    /// Finds an endpoint the actor may manage: any for an Admin, only its own for a key (another's
    /// is "not found", so a key learns nothing of the endpoints of others).
    /// </summary>
    public static async Task<WebhookEndpoint> FindManagedAsync(PortalDbContext db, int id, Actor actor, CancellationToken cancellationToken)
    {
        actor.RequireRoleOrScope(PortalRoles.Admin, ApiScopes.WebhooksManage);
        var endpoint = await FindAsync(db, id, cancellationToken);
        return actor.ApiKey is { } key && endpoint.ApiClientId != key.ClientId
            ? throw new NotFoundException($"There is no webhook endpoint {id}.")
            : endpoint;
    }

    /// <summary>The address as the console, the API and the audit show it: a Teams or Slack address only masked, even one not yet sealed.</summary>
    public static string ShownUrl(WebhookEndpoint e) => e.HasSecretAddress ? WebhookEndpoint.Mask(e.Url) : e.Url;

    public static string Key(WebhookEndpoint endpoint) => endpoint.Id.ToString(CultureInfo.InvariantCulture);

    public static object Snapshot(WebhookEndpoint e) => new
    {
        Kind = e.Kind.ToString(),
        e.Organisation,
        Url = ShownUrl(e),
        Audiences = e.Audiences.ToList(),
        EventTypes = e.EventTypes.ToList(),
        e.DisabledReason,
    };

    public static WebhookEndpointView View(WebhookEndpoint e, DateTimeOffset now, int pending = 0, int failing = 0) =>
        new(e.Id, e.Organisation, ShownUrl(e), e.Audiences, e.EventTypes, e.CreatedBy, e.CreatedAt, e.DisabledAt, e.DisabledReason, e.LastSuccessAt,
            e.PreviousSecretExpiresAt > now ? e.PreviousSecretExpiresAt : null, pending, failing, e.Kind, e.ApiClientId);
}
