namespace Portal.Core.Domain;

/// <summary>A named figure tracked over time for some audiences (for example supplier invoices awaiting payment).</summary>
public sealed class Metric
{
    public const int SlugMaxLength = 80;
    public const int NameMaxLength = 120;
    public const int UnitMaxLength = 40;
    public const int DescriptionMaxLength = 1000;

    private readonly List<MetricPoint> _points = [];

    private Metric()
    {
    }

    public Metric(string slug, string name, string unit, string description, IEnumerable<string> audiences)
    {
        Slug = Guard.Slug(slug, SlugMaxLength, nameof(slug));
        Name = Guard.Text(name, NameMaxLength, nameof(name));
        Unit = Guard.OptionalText(unit, UnitMaxLength, nameof(unit)) ?? "";
        Description = Guard.OptionalText(description, DescriptionMaxLength, nameof(description)) ?? "";
        Audiences = AudienceSet.Normalise(audiences);
    }

    public int Id { get; private set; }

    public string Slug { get; private set; } = "";

    public string Name { get; private set; } = "";

    public string Unit { get; private set; } = "";

    public string Description { get; private set; } = "";

    public List<string> Audiences { get; private set; } = [];

    public IReadOnlyList<MetricPoint> Points => _points;

    public void Update(string name, string unit, string description, IEnumerable<string> audiences)
    {
        Name = Guard.Text(name, NameMaxLength, nameof(name));
        Unit = Guard.OptionalText(unit, UnitMaxLength, nameof(unit)) ?? "";
        Description = Guard.OptionalText(description, DescriptionMaxLength, nameof(description)) ?? "";
        Audiences = AudienceSet.Normalise(audiences);
    }

    public MetricPoint AddPoint(DateTimeOffset at, decimal value)
    {
        if (_points.Any(p => p.At == at))
        {
            throw new DomainException($"{Name} already has a value for {at:u}.");
        }

        var point = new MetricPoint(at, value);
        _points.Add(point);
        return point;
    }

    public bool IsVisibleTo(IReadOnlySet<string> viewerAudiences) => AudienceSet.Meets(Audiences, viewerAudiences);
}

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
