using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Persistence;

namespace Portal.Core.Features.ApiClients;

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
