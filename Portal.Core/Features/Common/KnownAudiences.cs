using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Persistence;

namespace Portal.Core.Features;

internal static class KnownAudiences
{
    /// <summary>
    /// Normalises the keys and refuses any the portal does not have: an item aimed only at a
    /// mistyped audience would be seen by nobody, and nobody would notice.
    /// </summary>
    public static async Task<List<string>> RequireKnownAudiencesAsync(
        this PortalDbContext db, IEnumerable<string> keys, CancellationToken cancellationToken)
    {
        var normalised = AudienceSet.Normalise(keys);
        var known = await db.Audiences.Where(a => normalised.Contains(a.Key)).Select(a => a.Key).ToListAsync(cancellationToken);
        var unknown = normalised.Except(known, StringComparer.Ordinal).ToList();
        return unknown.Count switch
        {
            0 => normalised,
            1 => throw new DomainException($"There is no audience '{unknown[0]}'."),
            _ => throw new DomainException($"There are no audiences {string.Join(", ", unknown.Select(key => $"'{key}'"))}."),
        };
    }
}
