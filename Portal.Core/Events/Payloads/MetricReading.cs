namespace Portal.Core.Features.Metrics;

/// <summary>One value of a metric at a moment.</summary>
public sealed record MetricReading(DateTimeOffset At, decimal Value);
