namespace Portal.Core.Domain;

/// <summary>Validation and normalisation of the audience lists that items carry.</summary>
public static class AudienceSet
{
    /// <summary>
    /// Normalises keys (lower case, distinct, sorted) and refuses an empty list: an item nobody may
    /// see is a mistake, not a way to hide it.
    /// </summary>
    public static List<string> Normalise(IEnumerable<string> keys)
    {
        var normalised = keys.Select(Audience.NormaliseKey).Distinct().Order(StringComparer.Ordinal).ToList();
        if (normalised.Count == 0)
        {
            throw new DomainException("At least one audience is required.");
        }

        return normalised;
    }

    public static bool Meets(IEnumerable<string> itemAudiences, IReadOnlySet<string> viewerAudiences) =>
        itemAudiences.Any(viewerAudiences.Contains);
}
