using System.Security.Cryptography;
using System.Text;

namespace Portal.Core.Domain;

/// <summary>
/// A program that reads live status for an audience through the hub: a retailer's dealer system, a
/// supplier's ERP. It authenticates with a key an Admin issued; only a hash of the key is stored,
/// and the key itself is shown once. A revoked client is kept for the audit trail.
/// </summary>
public sealed class ApiClient
{
    public const int NameMaxLength = 80;
    public const int KeyPrefixLength = 8;
    private const string KeyMarker = "esp_";

    private ApiClient()
    {
    }

    private ApiClient(string name, List<string> audiences, string keyHash, string keyPrefix, string createdBy, DateTimeOffset at)
    {
        Name = Guard.Text(name, NameMaxLength, nameof(name));
        Audiences = audiences;
        KeyHash = keyHash;
        KeyPrefix = keyPrefix;
        CreatedBy = createdBy;
        CreatedAt = at;
    }

    public int Id { get; private set; }

    public string Name { get; private set; } = "";

    /// <summary>The audiences the client reads as (Public always, besides these).</summary>
    public List<string> Audiences { get; private set; } = [];

    /// <summary>SHA-256 of the key, upper-case hex.</summary>
    public string KeyHash { get; private set; } = "";

    /// <summary>The key's first characters, so an Admin can tell keys apart without holding them.</summary>
    public string KeyPrefix { get; private set; } = "";

    public string CreatedBy { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? RevokedAt { get; private set; }

    public string? RevokedBy { get; private set; }

    public bool IsRevoked => RevokedAt is not null;

    /// <summary>Creates a client and its key (returned once, never stored).</summary>
    public static (ApiClient Client, string Key) Issue(string name, IEnumerable<string> audiences, string createdBy, DateTimeOffset at)
    {
        var key = KeyMarker + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))
            .Replace('+', '-').Replace('/', '_').TrimEnd('=');
        return (new ApiClient(name, AudienceSet.Normalise(audiences), Hash(key), key[..(KeyMarker.Length + KeyPrefixLength)], createdBy, at), key);
    }

    public static string Hash(string key) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>Stops the key working for new connections; revoking twice keeps the first record.</summary>
    public void Revoke(string revokedBy, DateTimeOffset at)
    {
        if (RevokedAt is null)
        {
            RevokedAt = at;
            RevokedBy = revokedBy;
        }
    }
}
