using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Persistence;

namespace Portal.Core.Features.ApiClients;

/// <summary>What to do with a write that carries an <c>Idempotency-Key</c>.</summary>
public enum IdempotencyOutcome
{
    /// <summary>First time: carry out the request, then <see cref="FinishIdempotentRequest"/>.</summary>
    Proceed,

    /// <summary>Seen with the same body: answer <see cref="IdempotencyDecision.Earlier"/> again.</summary>
    Replay,

    /// <summary>Seen with another body: refuse.</summary>
    Mismatch,

    /// <summary>The first request with this key is still being answered.</summary>
    InProgress,
}

public sealed record IdempotencyDecision(IdempotencyOutcome Outcome, IdempotentRequest? Earlier = null);

/// <summary>
/// Claims an idempotency key for an API client's request, or finds the answer an earlier request
/// with it got. The claim is a row with a unique (client, key) index, so two copies of one request
/// sent at once cannot both proceed.
/// </summary>
public sealed class BeginIdempotentRequest(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock)
{
    public async Task<IdempotencyDecision> HandleAsync(int apiClientId, string key, string fingerprint, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var earlier = await db.IdempotentRequests.SingleOrDefaultAsync(r => r.ApiClientId == apiClientId && r.Key == key, cancellationToken);
        if (earlier is not null && earlier.IsExpiredAt(now))
        {
            db.IdempotentRequests.Remove(earlier);
            await db.SaveChangesAsync(cancellationToken);
            earlier = null;
        }

        if (earlier is not null)
        {
            return earlier.Fingerprint != fingerprint ? new(IdempotencyOutcome.Mismatch, earlier)
                : earlier.StatusCode is null ? new(IdempotencyOutcome.InProgress, earlier)
                : new(IdempotencyOutcome.Replay, earlier);
        }

        try
        {
            db.IdempotentRequests.Add(new IdempotentRequest(apiClientId, key, fingerprint, now));
            await db.SaveChangesAsync(cancellationToken);
            return new(IdempotencyOutcome.Proceed);
        }
        catch (DbUpdateException)
        {
            // Another copy of the request claimed the key between our read and our write.
            return new(IdempotencyOutcome.InProgress);
        }
    }
}

/// <summary>Keeps the answer of a request that claimed an idempotency key, or releases the key when there is none worth keeping.</summary>
public sealed class FinishIdempotentRequest(IDbContextFactory<PortalDbContext> dbFactory)
{
    /// <param name="statusCode">Null releases the key (the request failed on the portal's side and may be retried).</param>
    public async Task HandleAsync(int apiClientId, string key, int? statusCode, string? contentType, string? etag, string body,
        CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var claim = await db.IdempotentRequests.SingleOrDefaultAsync(r => r.ApiClientId == apiClientId && r.Key == key, cancellationToken);
        if (claim is null)
        {
            return;
        }

        if (statusCode is { } status)
        {
            claim.Answered(status, contentType, etag, body);
        }
        else
        {
            db.IdempotentRequests.Remove(claim);
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
