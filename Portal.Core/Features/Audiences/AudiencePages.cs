using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Persistence;

namespace Portal.Core.Features.Audiences;

internal static class AudiencePages
{
    /// <summary>Whether members of <paramref name="audienceKey"/> see <paramref name="system"/> (everybody sees Public items).</summary>
    public static bool CanSee(string audienceKey, EstateSystem system) =>
        system.IsVisibleTo(new HashSet<string>(StringComparer.Ordinal) { Audience.Public, audienceKey });

    public static async Task<Audience> FindAsync(PortalDbContext db, string key, CancellationToken cancellationToken) =>
        await db.Audiences.SingleOrDefaultAsync(a => a.Key == key, cancellationToken)
            ?? throw new NotFoundException($"There is no audience '{key}'.");

    public static object Snapshot(Audience audience) => new
    {
        audience.HeadlineQuestion,
        audience.HeadlineSystemId,
        audience.ContactsMarkdown,
        audience.SelfRegistrationOpen,
        RegistrationDomains = audience.RegistrationDomains.ToList(),
    };
}
