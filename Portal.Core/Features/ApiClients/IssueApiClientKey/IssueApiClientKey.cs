using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Persistence;

namespace Portal.Core.Features.ApiClients;

/// <param name="Grant">Scopes, limits and expiry; null: read only, as the audiences, until revoked.</param>
public sealed record IssueApiClientKeyRequest(string Name, IReadOnlyList<string> Audiences, ApiKeyGrant? Grant = null);

/// <param name="Key">The key itself: show it once; only its hash is kept.</param>
public sealed record IssuedApiClientKey(ApiClientView Client, string Key);

/// <summary>An Admin issues a key for a program that reads live status as some audiences.</summary>
public sealed class IssueApiClientKey(IDbContextFactory<PortalDbContext> dbFactory, PortalEventStream stream, TimeProvider clock)
{
    public async Task<IssuedApiClientKey> HandleAsync(IssueApiClientKeyRequest request, Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Require(PortalRoles.Admin);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var grant = request.Grant ?? ApiKeyGrant.ReadOnly;
        IReadOnlyList<string> audiences = request.Audiences.Count == 0 && !grant.Has(ApiScopes.Read)
            ? [] : await db.KnownAsync(request.Audiences, cancellationToken);
        await CheckLimitsExistAsync(db, grant, cancellationToken);
        var (client, key) = ApiClient.Issue(request.Name, audiences, grant, actor.Name, now);
        await using (await db.InsertAsync(client, cancellationToken))
        {
            db.Audit(actor, "apiclient.issued", nameof(ApiClient), client.Id.ToString(CultureInfo.InvariantCulture), null,
                new { client.Name, client.Audiences, client.KeyPrefix, client.Scopes, client.StatusSystems, client.StatusGroups, client.Metrics, client.ExpiresAt }, now);
            await db.CommitAsync(stream, cancellationToken);
        }

        return new IssuedApiClientKey(ApiClientViews.From(client), key);
    }

    private static async Task CheckLimitsExistAsync(PortalDbContext db, ApiKeyGrant grant, CancellationToken cancellationToken)
    {
        var systems = grant.StatusSystems.Distinct(StringComparer.Ordinal).ToList();
        var knownSystems = await db.EstateSystems.Where(s => systems.Contains(s.Slug)).Select(s => s.Slug).ToListAsync(cancellationToken);
        if (systems.Except(knownSystems, StringComparer.Ordinal).FirstOrDefault() is { } system)
        {
            throw new DomainException($"There is no system '{system}'.");
        }

        var groups = grant.StatusGroups.Distinct().ToList();
        var knownGroups = await db.SystemGroups.Where(g => groups.Contains(g.Id)).Select(g => g.Id).ToListAsync(cancellationToken);
        if (groups.Except(knownGroups).Any())
        {
            throw new DomainException($"There is no system group {groups.Except(knownGroups).First()}.");
        }

        var metrics = grant.Metrics.Distinct(StringComparer.Ordinal).ToList();
        var knownMetrics = await db.Metrics.Where(m => metrics.Contains(m.Slug)).Select(m => m.Slug).ToListAsync(cancellationToken);
        if (metrics.Except(knownMetrics, StringComparer.Ordinal).FirstOrDefault() is { } metric)
        {
            throw new DomainException($"There is no metric '{metric}'.");
        }
    }
}
