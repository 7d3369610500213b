using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Persistence;

namespace Portal.Core.Features.Events;

/// <summary>
/// The newest event sequence a viewer may see (0 when there is none): what a cached answer for their
/// audiences is current at. Unlike the newest committed sequence it does not move when a change only
/// other audiences see is committed, so it neither invalidates their caches nor tells them of it.
/// </summary>
public sealed class GetLatestVisibleSequence(IDbContextFactory<PortalDbContext> dbFactory)
{
    public async Task<long> HandleAsync(Viewer viewer, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.PortalEvents.AsNoTracking()
            .VisibleTo(viewer)
            .MaxAsync(e => (long?)e.Sequence, cancellationToken) ?? 0;
    }
}
