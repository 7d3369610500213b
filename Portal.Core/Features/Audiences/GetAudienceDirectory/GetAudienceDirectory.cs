using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Persistence;

namespace Portal.Core.Features.Audiences;

/// <param name="RegistrationOpen">People at one of the audience's allowed mail domains may register themselves.</param>
public sealed record AudienceDirectoryEntry(string Key, string Name, bool RegistrationOpen);

/// <summary>
/// The audiences that have their own page (every one but Public), by name, for the public board to say where
/// suppliers, retailers and colleagues go and whether they can register. Names and whether registration is
/// open are public; what each page shows is not, and stays behind sign-in.
/// </summary>
public sealed class GetAudienceDirectory(IDbContextFactory<PortalDbContext> dbFactory)
{
    public async Task<IReadOnlyList<AudienceDirectoryEntry>> HandleAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Audiences.AsNoTracking()
            .Where(a => a.Key != Audience.Public)
            .OrderBy(a => a.Name)
            .Select(a => new AudienceDirectoryEntry(a.Key, a.Name, a.SelfRegistrationOpen))
            .ToListAsync(cancellationToken);
    }
}
