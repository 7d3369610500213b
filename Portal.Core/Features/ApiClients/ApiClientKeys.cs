using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Persistence;

namespace Portal.Core.Features.ApiClients;

public sealed record ApiClientView(int Id, string Name, IReadOnlyList<string> Audiences, string KeyPrefix, string CreatedBy,
    DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt, string? RevokedBy);

public sealed record IssueApiClientKeyRequest(string Name, IReadOnlyList<string> Audiences);

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
        var audiences = await db.KnownAsync(request.Audiences, cancellationToken);
        var (client, key) = ApiClient.Issue(request.Name, audiences, actor.Name, now);
        await using (await db.InsertAsync(client, cancellationToken))
        {
            db.Audit(actor, "apiclient.issued", nameof(ApiClient), client.Id.ToString(CultureInfo.InvariantCulture), null,
                new { client.Name, client.Audiences, client.KeyPrefix }, now);
            await db.CommitAsync(stream, cancellationToken);
        }

        return new IssuedApiClientKey(ApiClientViews.From(client), key);
    }
}

/// <summary>An Admin revokes a key: new connections with it are refused.</summary>
public sealed class RevokeApiClientKey(IDbContextFactory<PortalDbContext> dbFactory, PortalEventStream stream, TimeProvider clock)
{
    public async Task<ApiClientView> HandleAsync(int id, Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Require(PortalRoles.Admin);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var client = await db.ApiClients.SingleOrDefaultAsync(c => c.Id == id, cancellationToken)
            ?? throw new NotFoundException($"There is no API client {id}.");
        if (!client.IsRevoked)
        {
            client.Revoke(actor.Name, now);
            db.Audit(actor, "apiclient.revoked", nameof(ApiClient), client.Id.ToString(CultureInfo.InvariantCulture),
                new { client.Name, client.Audiences, client.KeyPrefix }, new { client.RevokedAt }, now);
            await db.CommitAsync(stream, cancellationToken);
        }

        return ApiClientViews.From(client);
    }
}

/// <summary>Every API client, newest first, revoked ones included (Admin).</summary>
public sealed class GetApiClients(IDbContextFactory<PortalDbContext> dbFactory)
{
    public async Task<IReadOnlyList<ApiClientView>> HandleAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Require(PortalRoles.Admin);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var clients = await db.ApiClients.AsNoTracking().ToListAsync(cancellationToken);
        return [.. clients.OrderByDescending(c => c.CreatedAt).Select(ApiClientViews.From)];
    }
}

/// <summary>Who a presented key belongs to: a client that is not revoked, or null.</summary>
public sealed class FindApiClientByKey(IDbContextFactory<PortalDbContext> dbFactory)
{
    public async Task<ApiClientView?> HandleAsync(string key, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(key) || key.Length > 200)
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var hash = ApiClient.Hash(key.Trim());
        var client = await db.ApiClients.AsNoTracking()
            .SingleOrDefaultAsync(c => c.KeyHash == hash && c.RevokedAt == null, cancellationToken);
        return client is null ? null : ApiClientViews.From(client);
    }
}

internal static class ApiClientViews
{
    public static ApiClientView From(ApiClient c) =>
        new(c.Id, c.Name, c.Audiences, c.KeyPrefix, c.CreatedBy, c.CreatedAt, c.RevokedAt, c.RevokedBy);
}
