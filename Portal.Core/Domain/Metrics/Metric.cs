using System.Globalization;

namespace Portal.Core.Domain;

/// <summary>A named figure tracked over time for some audiences (for example supplier invoices awaiting payment).</summary>
public sealed class Metric : IAudienceRestricted
{
    public const int SlugMaxLength = 80;
    public const int NameMaxLength = 120;
    public const int UnitMaxLength = 40;
    public const int DescriptionMaxLength = 1000;

    /// <summary>
    /// The largest magnitude a value may have. Points are stored as doubles, which hold whole
    /// numbers exactly only up to about 9e15; beyond that a value comes back changed, and near the
    /// decimal limit it cannot be read back at all, breaking the metric for every viewer.
    /// </summary>
    public const decimal MaxValueMagnitude = 999_999_999_999_999m;

    /// <summary>How far ahead of the clock a point may be dated: a figure stamped in a later time zone, not a forecast.</summary>
    public static readonly TimeSpan MaxAheadOfNow = TimeSpan.FromDays(1);

    private readonly List<MetricPoint> _points = [];

    private Metric()
    {
    }

    public Metric(string slug, string name, string unit, string description, IEnumerable<string> audiences,
        MetricDirection direction = MetricDirection.Neutral)
    {
        Slug = Guard.Slug(slug, SlugMaxLength, nameof(slug));
        Name = Guard.Text(name, NameMaxLength, nameof(name));
        Unit = Guard.OptionalText(unit, UnitMaxLength, nameof(unit)) ?? "";
        Description = Guard.OptionalText(description, DescriptionMaxLength, nameof(description)) ?? "";
        Audiences = AudienceSet.Normalise(audiences);
        Direction = CheckDirection(direction);
    }

    public int Id { get; private set; }

    public string Slug { get; private set; } = "";

    public string Name { get; private set; } = "";

    public string Unit { get; private set; } = "";

    public string Description { get; private set; } = "";

    public List<string> Audiences { get; private set; } = [];

    /// <summary>Whether a rise is good news, bad news or neither: how a change is told to viewers.</summary>
    public MetricDirection Direction { get; private set; }

    public IReadOnlyList<MetricPoint> Points => _points;

    public void Update(string name, string unit, string description, IEnumerable<string> audiences, MetricDirection direction)
    {
        Name = Guard.Text(name, NameMaxLength, nameof(name));
        Unit = Guard.OptionalText(unit, UnitMaxLength, nameof(unit)) ?? "";
        Description = Guard.OptionalText(description, DescriptionMaxLength, nameof(description)) ?? "";
        Audiences = AudienceSet.Normalise(audiences);
        Direction = CheckDirection(direction);
    }

    private static MetricDirection CheckDirection(MetricDirection direction) =>
        Enum.IsDefined(direction)
            ? direction
            : throw new DomainException("Say whether a rise is better, worse or neither.");

    public MetricPoint AddPoint(DateTimeOffset at, decimal value)
    {
        CheckValue(value);
        if (_points.Any(p => p.At == at))
        {
            throw new DomainException($"{Name} already has a value for {at:u}.");
        }

        var point = new MetricPoint(at, value);
        _points.Add(point);
        return point;
    }

    /// <summary>Adds a point as recorded at <paramref name="now"/>, refusing one dated too far ahead of it.</summary>
    public MetricPoint AddPoint(DateTimeOffset at, decimal value, DateTimeOffset now)
    {
        CheckNotAhead(at, now);
        return AddPoint(at, value);
    }

    /// <summary>
    /// Adds every point or, when any of them is refused, none: an import is applied whole.
    /// Expects the metric's existing points to be loaded.
    /// </summary>
    public IReadOnlyList<MetricPoint> AddPoints(IReadOnlyCollection<(DateTimeOffset At, decimal Value)> points, DateTimeOffset now)
    {
        // A set, not Points.Any per point: an import of thousands would otherwise be quadratic.
        var taken = _points.Select(p => p.At).ToHashSet();
        foreach (var (at, value) in points)
        {
            CheckValue(value);
            CheckNotAhead(at, now);
            if (!taken.Add(at))
            {
                throw new DomainException($"{Name} already has a value for {at:u}.");
            }
        }

        var added = points.Select(p => new MetricPoint(p.At, p.Value)).ToList();
        _points.AddRange(added);
        return added;
    }

    public static bool IsTooFarAhead(DateTimeOffset at, DateTimeOffset now) => at > now + MaxAheadOfNow;

    public static bool IsTooLarge(decimal value) => Math.Abs(value) > MaxValueMagnitude;

    private static void CheckNotAhead(DateTimeOffset at, DateTimeOffset now)
    {
        if (IsTooFarAhead(at, now))
        {
            throw new DomainException($"{at:u} is more than a day ahead of now; a metric records figures as they were, not forecasts.");
        }
    }

    private static void CheckValue(decimal value)
    {
        if (IsTooLarge(value))
        {
            throw new DomainException(string.Create(CultureInfo.InvariantCulture,
                $"{value} is too large; values may be at most {MaxValueMagnitude:N0} either side of zero."));
        }
    }

    public bool IsVisibleTo(IReadOnlySet<string> viewerAudiences) => AudienceSet.Meets(Audiences, viewerAudiences);
}
