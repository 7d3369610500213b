using Microsoft.EntityFrameworkCore;
using Portal.Core.Persistence;

namespace Portal.Core.Features.People;

/// <summary>Whether any audience takes self-registrations, so the sign-in page offers it only then.</summary>
public sealed class IsRegistrationOpen(IDbContextFactory<PortalDbContext> dbFactory)
{
    public async Task<bool> HandleAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Audiences.AnyAsync(a => a.SelfRegistrationOpen, cancellationToken);
    }
}
