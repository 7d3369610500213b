using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Events.Payloads;
using Portal.Core.Persistence;

namespace Portal.Core.Features;

internal static class AudienceChecks
{
    /// <summary>
    /// Normalises <paramref name="keys"/> and refuses any audience the portal does not have: an item
    /// aimed at a misspelt audience would silently reach nobody in it.
    /// </summary>
    public static async Task<List<string>> KnownAsync(this PortalDbContext db, IEnumerable<string> keys, CancellationToken cancellationToken)
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

    /// <summary>
    /// Emits <paramref name="data"/> to the item's audiences after a change and, to the audiences that
    /// lost sight of it, an event of the same type holding only <see cref="RemovedItemData"/>.
    /// </summary>
    /// <remarks>
    /// The removal goes first: a viewer in both a lost and a kept audience (every viewer is in Public)
    /// receives both, and the last word it hears must be that it can still see the item.
    /// </remarks>
    public static void EmitToKeptAndLostAudiences<TData>(this PortalDbContext db, string type, int id,
        IEnumerable<string> audiencesBefore, IReadOnlyCollection<string> audiencesAfter, TData data, DateTimeOffset at)
    {
        var lost = audiencesBefore.Except(audiencesAfter, StringComparer.Ordinal).ToList();
        if (lost.Count > 0)
        {
            db.Emit(type, lost, new RemovedItemData(id), at);
        }

        db.Emit(type, audiencesAfter, data, at);
    }
}
