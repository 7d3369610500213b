using Portal.Core.Domain;

namespace Portal.Core.Features.ApiClients;

/// <summary>An API client as the Admin's API clients page lists it; never its key or the key's hash.</summary>
public sealed record ApiClientView(int Id, string Name, IReadOnlyList<string> Audiences, string KeyPrefix, string CreatedBy,
    DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt, string? RevokedBy);

internal static class ApiClientViews
{
    public static ApiClientView From(ApiClient c) =>
        new(c.Id, c.Name, c.Audiences, c.KeyPrefix, c.CreatedBy, c.CreatedAt, c.RevokedAt, c.RevokedBy);
}
