using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Persistence;

namespace Portal.Core.Features.Metrics;

/// <summary>One value of a metric at a moment.</summary>
public sealed record MetricReading(DateTimeOffset At, decimal Value);

/// <summary>The payload of a <see cref="PortalEventTypes.MetricUpdated"/> event.</summary>
/// <param name="Latest">The point with the latest timestamp, whenever it was recorded; null while the metric has none.</param>
/// <param name="PointsAdded">How many points this change added (0 when only the metric's details changed).</param>
public sealed record MetricUpdatedData(string Slug, string Name, string Unit, MetricReading? Latest, int PointsAdded)
{
    internal static MetricUpdatedData From(Metric metric, MetricReading? latest, int pointsAdded) =>
        new(metric.Slug, metric.Name, metric.Unit, latest, pointsAdded);
}

internal static class MetricRules
{
    public const string EntityType = nameof(Metric);

    public static object Snapshot(Metric metric) =>
        new { metric.Name, metric.Unit, metric.Description, Audiences = metric.Audiences.ToArray() };

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
