using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Persistence;

namespace Portal.Core.Features.Feeds;

/// <summary>
/// Gives a signed-in person a new personal feed token (the previous one, if any, stops working). The
/// token is returned once; only its hash is kept.
/// </summary>
public sealed class CreatePersonalFeedToken(IDbContextFactory<PortalDbContext> dbFactory, PortalEventStream stream, TimeProvider clock)
{
    public async Task<string> HandleAsync(string userId, Actor actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        await PersonalFeedPeople.RequireActiveAsync(db, userId, cancellationToken);
        db.FeedTokens.RemoveRange(await db.FeedTokens.Where(t => t.UserId == userId).ToListAsync(cancellationToken));
        var (stored, token) = FeedToken.Create(userId, now);
        db.FeedTokens.Add(stored);
        db.Audit(actor, "account.feed-token.created", nameof(PortalUser), userId, null, null, now);
        await db.CommitAsync(stream, cancellationToken);
        return token;
    }
}

/// <summary>Revokes a person's personal feed token: its addresses answer 404 from now on.</summary>
public sealed class RevokePersonalFeedToken(IDbContextFactory<PortalDbContext> dbFactory, PortalEventStream stream, TimeProvider clock)
{
    /// <returns>Whether there was a token to revoke.</returns>
    public async Task<bool> HandleAsync(string userId, Actor actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var tokens = await db.FeedTokens.Where(t => t.UserId == userId).ToListAsync(cancellationToken);
        if (tokens.Count == 0)
        {
            return false;
        }

        db.FeedTokens.RemoveRange(tokens);
        db.Audit(actor, "account.feed-token.revoked", nameof(PortalUser), userId, null, null, clock.GetUtcNow());
        await db.CommitAsync(stream, cancellationToken);
        return true;
    }
}

/// <summary>When a person's personal feed token was made; null when they have none.</summary>
public sealed class GetPersonalFeedToken(IDbContextFactory<PortalDbContext> dbFactory)
{
    public async Task<DateTimeOffset?> HandleAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.FeedTokens.Where(t => t.UserId == userId).Select(t => (DateTimeOffset?)t.CreatedAt).SingleOrDefaultAsync(cancellationToken);
    }
}

/// <summary>
/// The viewer a personal feed token reads as: its person's audiences, read now, so a person who lost
/// an audience stops seeing it at once. Null (the feed answers 404) for a token that is unknown or
/// revoked, or whose person is disabled or has not confirmed their address.
/// </summary>
public sealed class FindPersonalFeedViewer(IDbContextFactory<PortalDbContext> dbFactory)
{
    public async Task<Viewer?> HandleAsync(string token, CancellationToken cancellationToken = default)
    {
        if (token.Length is 0 or > 200)
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var hash = FeedToken.Hash(token);
        var person = await db.FeedTokens.Where(t => t.TokenHash == hash)
            .Join(db.Users, t => t.UserId, u => u.Id, (t, u) => new { u.Id, u.IsDisabled, u.EmailConfirmed })
            .SingleOrDefaultAsync(cancellationToken);
        if (person is null || person.IsDisabled || !person.EmailConfirmed)
        {
            return null;
        }

        var audiences = await db.UserClaims.Where(c => c.UserId == person.Id && c.ClaimType == AudienceMembership.ClaimType)
            .Select(c => c.ClaimValue!).ToListAsync(cancellationToken);
        return new Viewer(audiences);
    }
}

internal static class PersonalFeedPeople
{
    public static async Task RequireActiveAsync(PortalDbContext db, string userId, CancellationToken cancellationToken)
    {
        if (!await db.Users.AnyAsync(u => u.Id == userId && !u.IsDisabled, cancellationToken))
        {
            throw new NotFoundException("There is no such account.");
        }
    }
}
