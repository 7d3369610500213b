using System.Security.Cryptography;
using System.Text;

namespace Portal.Core.Domain;

/// <summary>
/// A person's personal feed address: <c>/history.atom?token=…</c> (and RSS, and the maintenance
/// calendar) reads as that person's audiences, for feed readers and calendars that cannot sign in.
/// Only a hash of the token is stored; the address is shown once. A person has at most one; revoking
/// it deletes it, and a new one is a new token.
/// </summary>
public sealed class FeedToken
{
    public const int HashLength = 64;
    private const string TokenMarker = "feed_";

    private FeedToken()
    {
    }

    private FeedToken(string userId, string tokenHash, DateTimeOffset at)
    {
        UserId = userId;
        TokenHash = tokenHash;
        CreatedAt = at;
    }

    public int Id { get; private set; }

    public string UserId { get; private set; } = "";

    /// <summary>SHA-256 of the token, hexadecimal.</summary>
    public string TokenHash { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>Makes a token for <paramref name="userId"/>; the token itself is returned here only.</summary>
    public static (FeedToken Stored, string Token) Create(string userId, DateTimeOffset at)
    {
        var token = TokenMarker + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return (new FeedToken(userId, Hash(token), at), token);
    }

    public static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
