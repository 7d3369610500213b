using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Events.Payloads;
using Portal.Core.Persistence;

namespace Portal.Core.Features.Metrics;

/// <param name="Sequence">The event sequence the list is current at (see <see cref="PortalChanges.CurrentSequenceAsync"/>).</param>
public sealed record MetricsForConsole(long Sequence, IReadOnlyList<ConsoleMetric> Metrics);

/// <param name="RecentPoints">The last <see cref="GetMetricsForConsole.RecentPointCount"/> points, oldest first.</param>
public sealed record ConsoleMetric(
    string Slug,
    string Name,
    string Unit,
    string Description,
    IReadOnlyList<string> Audiences,
    int PointCount,
    MetricReading? Latest,
    IReadOnlyList<MetricReading> RecentPoints,
    MetricDirection Direction = MetricDirection.Neutral);

/// <summary>Every metric with its latest points, by name, for the admin console: not filtered by audience, so staff only.</summary>
public sealed class GetMetricsForConsole(IDbContextFactory<PortalDbContext> dbFactory)
{
    public const int RecentPointCount = 30;

    public async Task<MetricsForConsole> HandleAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Require([.. PortalRoles.All]);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var sequence = await db.CurrentSequenceAsync(cancellationToken);
        var metrics = await db.Metrics.AsNoTracking()
            .OrderBy(m => m.Name)
            .Select(m => new
            {
                m.Slug,
                m.Name,
                m.Unit,
                m.Description,
                m.Audiences,
                m.Direction,
                PointCount = m.Points.Count,
                Recent = m.Points.OrderByDescending(p => p.At).Take(RecentPointCount)
                    .Select(p => new MetricReading(p.At, p.Value)).ToList(),
            })
            .ToListAsync(cancellationToken);

        return new MetricsForConsole(sequence, [.. metrics.Select(m => new ConsoleMetric(
            m.Slug, m.Name, m.Unit, m.Description, m.Audiences, m.PointCount,
            m.Recent.FirstOrDefault(),
            [.. Enumerable.Reverse(m.Recent)], m.Direction))]);
    }
}
