namespace Portal.Core.Domain;

/// <summary>
/// The audience rule for database reads: an item is visible to a viewer when it is aimed at at
/// least one audience the viewer belongs to. Every query that returns audience-restricted items to
/// a viewer goes through <see cref="VisibleTo{T}(IQueryable{T}, Viewer)"/>, so the rule is written
/// once and always runs in the database.
/// </summary>
public static class AudienceVisibility
{
    /// <summary>Keeps the items <paramref name="viewer"/> may see.</summary>
    public static IQueryable<T> VisibleTo<T>(this IQueryable<T> items, Viewer viewer)
        where T : class, IAudienceRestricted =>
        items.AimedAtAnyOf(viewer.Audiences);

    /// <summary>
    /// Keeps the items aimed at one or more of <paramref name="audiences"/>, e.g. the items an
    /// audience page shows (those aimed at Public or at the page's own audience).
    /// </summary>
    public static IQueryable<T> AimedAtAnyOf<T>(this IQueryable<T> items, IEnumerable<string> audiences)
        where T : class, IAudienceRestricted
    {
        // A list parameter, not the caller's set, so the provider sends the keys as one parameter.
        var keys = audiences.ToList();
        return items.Where(item => item.Audiences.Any(a => keys.Contains(a)));
    }
}
