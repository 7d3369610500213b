using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Persistence;

namespace Portal.Core.Features.Events;

/// <summary>
/// The sequence of the newest event a viewer may see (see <see cref="VisibleSequence"/>): what an
/// ETag or a "current at" for that viewer is made of, so changes hidden from them move neither.
/// </summary>
public sealed class GetLatestVisibleSequence(IDbContextFactory<PortalDbContext> dbFactory)
{
    public async Task<long> HandleAsync(Viewer viewer, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.LatestVisibleSequenceAsync(viewer.Audiences, cancellationToken);
    }
}
