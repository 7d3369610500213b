namespace Portal.Core.Domain;

public sealed class MetricPoint
{
    private MetricPoint()
    {
    }

    internal MetricPoint(DateTimeOffset at, decimal value)
    {
        At = at;
        Value = value;
    }

    public long Id { get; private set; }

    public int MetricId { get; private set; }

    public DateTimeOffset At { get; private set; }

    public decimal Value { get; private set; }
}
