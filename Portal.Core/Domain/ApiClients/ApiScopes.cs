namespace Portal.Core.Domain;

/// <summary>
/// What an API key may do. None of them approves or publishes: programs never hold a console role,
/// so the use cases that need one refuse them.
/// </summary>
public static class ApiScopes
{
    /// <summary>Read what the key's audiences may see (the hub, <c>GET /api/v1</c>).</summary>
    public const string Read = "read";

    /// <summary>Change system statuses, optionally only of chosen systems or groups.</summary>
    public const string StatusWrite = "status:write";

    /// <summary>Record metric points, optionally only of chosen metrics.</summary>
    public const string MetricsWrite = "metrics:write";

    public static IReadOnlyList<string> All { get; } = [Read, StatusWrite, MetricsWrite];
}

/// <summary>The scopes of an API key and the limits on them.</summary>
/// <param name="StatusSystems">Slugs of the systems a <see cref="ApiScopes.StatusWrite"/> key may change; with <paramref name="StatusGroups"/> empty too, every system.</param>
/// <param name="StatusGroups">Ids of the groups whose systems a <see cref="ApiScopes.StatusWrite"/> key may change.</param>
/// <param name="Metrics">Slugs of the metrics a <see cref="ApiScopes.MetricsWrite"/> key may record; empty: every metric.</param>
public sealed record ApiKeyGrant(
    IReadOnlySet<string> Scopes,
    IReadOnlyList<string> StatusSystems,
    IReadOnlyList<int> StatusGroups,
    IReadOnlyList<string> Metrics,
    DateTimeOffset? ExpiresAt = null)
{
    public static ApiKeyGrant ReadOnly { get; } = new(new HashSet<string>(StringComparer.Ordinal) { ApiScopes.Read }, [], [], []);

    public bool Has(string scope) => Scopes.Contains(scope);

    /// <summary>Whether a <see cref="ApiScopes.StatusWrite"/> key may change <paramref name="system"/>.</summary>
    public bool MayChange(EstateSystem system) =>
        Has(ApiScopes.StatusWrite)
        && ((StatusSystems.Count == 0 && StatusGroups.Count == 0)
            || StatusSystems.Contains(system.Slug, StringComparer.Ordinal)
            || StatusGroups.Contains(system.GroupId));

    /// <summary>Whether a <see cref="ApiScopes.MetricsWrite"/> key may record points of <paramref name="metric"/>.</summary>
    public bool MayRecord(Metric metric) =>
        Has(ApiScopes.MetricsWrite) && (Metrics.Count == 0 || Metrics.Contains(metric.Slug, StringComparer.Ordinal));
}
