using System.Security.Cryptography;
using System.Text;

namespace Portal.Core.Domain;

/// <summary>
/// A program that reads live status for an audience (a retailer's dealer system, a supplier's ERP)
/// or writes through <c>/api/v1</c> (monitoring, a finance system, a runbook), as far as its
/// <see cref="ApiScopes"/> allow. It authenticates with a key an Admin issued; only a hash of the
/// key is stored, and the key itself is shown once. A revoked client is kept for the audit trail.
/// </summary>
public sealed class ApiClient
{
    public const int NameMaxLength = 80;
    public const int KeyPrefixLength = 8;
    private const string KeyMarker = "esp_";

    private ApiClient()
    {
    }

    private ApiClient(string name, List<string> audiences, ApiKeyGrant grant, string keyHash, string keyPrefix, string createdBy, DateTimeOffset at)
    {
        Name = Guard.Text(name, NameMaxLength, nameof(name));
        Audiences = audiences;
        Scopes = [.. grant.Scopes.Order(StringComparer.Ordinal)];
        StatusSystems = [.. grant.StatusSystems];
        StatusGroups = [.. grant.StatusGroups];
        Metrics = [.. grant.Metrics];
        ExpiresAt = grant.ExpiresAt;
        KeyHash = keyHash;
        KeyPrefix = keyPrefix;
        CreatedBy = createdBy;
        CreatedAt = at;
    }

    public int Id { get; private set; }

    public string Name { get; private set; } = "";

    /// <summary>The audiences the client reads as (Public always, besides these).</summary>
    public List<string> Audiences { get; private set; } = [];

    /// <summary>What the key may do: <see cref="ApiScopes"/> values.</summary>
    public List<string> Scopes { get; private set; } = [];

    /// <summary>With <see cref="ApiScopes.StatusWrite"/>: the slugs of the systems it may change (besides <see cref="StatusGroups"/>); both empty means every system.</summary>
    public List<string> StatusSystems { get; private set; } = [];

    /// <summary>With <see cref="ApiScopes.StatusWrite"/>: the ids of the groups whose systems it may change.</summary>
    public List<int> StatusGroups { get; private set; } = [];

    /// <summary>With <see cref="ApiScopes.MetricsWrite"/>: the slugs of the metrics it may record; empty means every metric.</summary>
    public List<string> Metrics { get; private set; } = [];

    /// <summary>After this moment the key is refused; null: until revoked.</summary>
    public DateTimeOffset? ExpiresAt { get; private set; }

    /// <summary>When the key was last presented (kept to the minute, so reads do not write on every call).</summary>
    public DateTimeOffset? LastUsedAt { get; private set; }

    /// <summary>SHA-256 of the key, upper-case hex.</summary>
    public string KeyHash { get; private set; } = "";

    /// <summary>The key's first characters, so an Admin can tell keys apart without holding them.</summary>
    public string KeyPrefix { get; private set; } = "";

    public string CreatedBy { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? RevokedAt { get; private set; }

    public string? RevokedBy { get; private set; }

    public bool IsRevoked => RevokedAt is not null;

    /// <summary>Creates a read-only client and its key (returned once, never stored).</summary>
    public static (ApiClient Client, string Key) Issue(string name, IEnumerable<string> audiences, string createdBy, DateTimeOffset at) =>
        Issue(name, audiences, ApiKeyGrant.ReadOnly, createdBy, at);

    /// <summary>Creates a client with the scopes of <paramref name="grant"/> and its key (returned once, never stored).</summary>
    public static (ApiClient Client, string Key) Issue(string name, IEnumerable<string> audiences, ApiKeyGrant grant, string createdBy, DateTimeOffset at)
    {
        if (grant.Scopes.Count == 0)
        {
            throw new DomainException("Choose at least one scope.");
        }

        if (grant.Scopes.FirstOrDefault(s => !ApiScopes.All.Contains(s)) is { } unknown)
        {
            throw new DomainException($"'{unknown}' is not a scope; a key may have {string.Join(", ", ApiScopes.All)}.");
        }

        if (grant.ExpiresAt is { } expires && expires <= at)
        {
            throw new DomainException("A key must expire in the future.");
        }

        var key = KeyMarker + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))
            .Replace('+', '-').Replace('/', '_').TrimEnd('=');
        // A key that cannot read needs no audience; one that reads needs at least one.
        var audienceList = audiences.ToList();
        var readers = audienceList.Count == 0 && !grant.Has(ApiScopes.Read) ? [] : AudienceSet.Normalise(audienceList);
        return (new ApiClient(name, readers, grant, Hash(key), key[..(KeyMarker.Length + KeyPrefixLength)], createdBy, at), key);
    }

    /// <summary>What the key may do, as the Core use cases check it.</summary>
    public ApiKeyGrant Grant => new(Scopes.ToHashSet(StringComparer.Ordinal), StatusSystems, StatusGroups, Metrics, ExpiresAt);

    public bool IsExpiredAt(DateTimeOffset now) => ExpiresAt is { } expires && expires <= now;

    /// <summary>Notes that the key was presented; true when the stored time moved (at most once a minute).</summary>
    public bool MarkUsed(DateTimeOffset now)
    {
        if (LastUsedAt is { } last && now - last < TimeSpan.FromMinutes(1))
        {
            return false;
        }

        LastUsedAt = now;
        return true;
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
