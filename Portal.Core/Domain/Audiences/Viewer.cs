namespace Portal.Core.Domain;

/// <summary>
/// Whoever is looking: the audiences they belong to decide what every query returns. Everybody is
/// in <see cref="Audience.Public"/>; an anonymous viewer is in nothing else.
/// </summary>
public sealed record Viewer
{
    public Viewer(IEnumerable<string> audiences)
    {
        Audiences = new HashSet<string>(audiences.Select(Audience.NormaliseKey).Append(Audience.Public), StringComparer.Ordinal);
    }

    public static Viewer Anonymous { get; } = new([]);

    public IReadOnlySet<string> Audiences { get; }

    /// <summary>A stable key for caches and groups, e.g. "public+suppliers".</summary>
    public string Key => string.Join('+', Audiences.Order(StringComparer.Ordinal));

    public bool Equals(Viewer? other) => other is not null && Audiences.SetEquals(other.Audiences);

    public override int GetHashCode() => Key.GetHashCode(StringComparison.Ordinal);
}
