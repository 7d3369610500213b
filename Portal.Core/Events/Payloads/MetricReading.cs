namespace Portal.Core.Events.Payloads;

/// <summary>One value of a metric at a moment.</summary>
public sealed record MetricReading(DateTimeOffset At, decimal Value);
