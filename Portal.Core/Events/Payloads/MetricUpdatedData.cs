using Portal.Core.Domain;

namespace Portal.Core.Events.Payloads;

/// <summary>The payload of a <see cref="PortalEventTypes.MetricUpdated"/> event.</summary>
/// <param name="Latest">The point with the latest timestamp, whenever it was recorded; null while the metric has none.</param>
/// <param name="PointsAdded">How many points this change added (0 when only the metric's details changed).</param>
public sealed record MetricUpdatedData(string Slug, string Name, string Unit, MetricReading? Latest, int PointsAdded)
{
    internal static MetricUpdatedData From(Metric metric, MetricReading? latest, int pointsAdded) =>
        new(metric.Slug, metric.Name, metric.Unit, latest, pointsAdded);
}
