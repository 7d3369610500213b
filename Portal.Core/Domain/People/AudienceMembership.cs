namespace Portal.Core.Domain;

/// <summary>
/// A viewer's audiences are kept as Identity user claims of <see cref="ClaimType"/>, so they travel in
/// the sign-in cookie and are re-read whenever the person's security stamp changes.
/// </summary>
public static class AudienceMembership
{
    public const string ClaimType = "portal:audience";

    /// <summary>
    /// Normalises the audiences a person is to be a member of. Public is dropped: everybody is in it,
    /// so it is never a membership.
    /// </summary>
    public static List<string> Normalise(IEnumerable<string> keys) =>
        keys.Where(k => !string.IsNullOrWhiteSpace(k))
            .Select(Audience.NormaliseKey)
            .Where(k => k != Audience.Public)
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
}
