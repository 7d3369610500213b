using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Events.Payloads;
using Portal.Core.Persistence;

namespace Portal.Core.Features.Metrics;

internal static class MetricRules
{
    public const string EntityType = nameof(Metric);

    public static object Snapshot(Metric metric) =>
        new { metric.Name, metric.Unit, metric.Description, Audiences = metric.Audiences.ToArray(), Direction = PlainWords.For(metric.Direction) };

    /// <summary>The latest point of a metric whose points are loaded.</summary>
    public static MetricReading? Latest(Metric metric) =>
        metric.Points.MaxBy(p => p.At) is { } point ? new MetricReading(point.At, point.Value) : null;

    /// <summary>The latest point of a metric, read without loading the others.</summary>
    public static Task<MetricReading?> LatestPointAsync(this PortalDbContext db, int metricId, CancellationToken cancellationToken) =>
        db.MetricPoints.Where(p => p.MetricId == metricId)
            .OrderByDescending(p => p.At)
            .Select(p => new MetricReading(p.At, p.Value))
            .FirstOrDefaultAsync(cancellationToken);
}
