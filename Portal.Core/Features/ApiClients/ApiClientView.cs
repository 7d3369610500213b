using Portal.Core.Domain;

namespace Portal.Core.Features.ApiClients;

/// <summary>An API client as the Admin's API clients page lists it; never its key or the key's hash.</summary>
/// <param name="Grant">The key's scopes, their limits and its expiry.</param>
public sealed record ApiClientView(int Id, string Name, IReadOnlyList<string> Audiences, string KeyPrefix, string CreatedBy,
    DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt, string? RevokedBy, ApiKeyGrant Grant, DateTimeOffset? LastUsedAt)
{
    /// <summary>How audit entries and logs name a program acting with this key: never mistaken for a person.</summary>
    public string ActorName => $"api-key:{Name} ({KeyPrefix})";
}

internal static class ApiClientViews
{
    public static ApiClientView From(ApiClient c) =>
        new(c.Id, c.Name, c.Audiences, c.KeyPrefix, c.CreatedBy, c.CreatedAt, c.RevokedAt, c.RevokedBy, c.Grant, c.LastUsedAt);
}
