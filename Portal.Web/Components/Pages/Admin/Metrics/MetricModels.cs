using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Portal.Core.Domain;
using Portal.Core.Features.Metrics;
using Portal.Web.Components.Pages.Admin.Shared;

namespace Portal.Web.Components.Pages.Admin.Metrics;

/// <summary>What an operator fills in to define a metric or change how it is described.</summary>
public sealed class MetricModel
{
    [Required(ErrorMessage = "Give the metric a slug: its permanent name in links and the API.")]
    [StringLength(Metric.SlugMaxLength, ErrorMessage = "Keep the slug to {1} characters or fewer.")]
    [RegularExpression("^[a-z0-9-]+$", ErrorMessage = "Use only lower-case letters, digits and hyphens, for example supplier-invoices.")]
    public string Slug { get; set; } = "";

    [Required(ErrorMessage = "Name the metric: viewers see the name.")]
    [StringLength(Metric.NameMaxLength, ErrorMessage = "Keep the name to {1} characters or fewer.")]
    public string Name { get; set; } = "";

    [StringLength(Metric.UnitMaxLength, ErrorMessage = "Keep the unit to {1} characters or fewer.")]
    public string Unit { get; set; } = "";

    [StringLength(Metric.DescriptionMaxLength, ErrorMessage = "Keep the description to {1} characters or fewer.")]
    public string Description { get; set; } = "";

    // A List, not a collection expression: MinLength counts through ICollection or a public Count.
    [MinLength(1, ErrorMessage = "Choose who may see the metric.")]
    public IReadOnlyCollection<string> Audiences { get; set; } = new List<string> { Audience.Public };

    /// <summary>Whether a rise is good news: viewers read "550 more than yesterday · worse" rather than guess.</summary>
    [Required(ErrorMessage = "Say whether a rise is better, worse or neither.")]
    public MetricDirection? Direction { get; set; } = MetricDirection.Neutral;

    public static IReadOnlyList<Choice<MetricDirection?>> DirectionChoices { get; } =
        [.. new[] { MetricDirection.HigherIsWorse, MetricDirection.HigherIsBetter, MetricDirection.Neutral }
            .Select(d => new Choice<MetricDirection?>(d, d switch
            {
                MetricDirection.HigherIsWorse => "Higher is worse (a backlog, a queue)",
                MetricDirection.HigherIsBetter => "Higher is better (invoices paid, plants running)",
                _ => "Neither: say the change without better or worse",
            }))];

    public static MetricModel From(ConsoleMetric metric) => new()
    {
        Slug = metric.Slug,
        Name = metric.Name,
        Unit = metric.Unit,
        Description = metric.Description,
        Audiences = metric.Audiences.ToList(),
        Direction = metric.Direction,
    };

    public DefineMetricRequest ToDefineRequest() => new(Slug, Name, Unit, Description, [.. Audiences], Direction ?? MetricDirection.Neutral);

    public UpdateMetricRequest ToUpdateRequest() => new(Slug, Name, Unit, Description, [.. Audiences], Direction ?? MetricDirection.Neutral);
}

/// <summary>One value of a metric, typed in by an operator. The time is UTC.</summary>
public sealed class MetricPointModel : IValidatableObject
{
    [Required(ErrorMessage = "Say when the figure was true.")]
    public DateTime? At { get; set; }

    [Required(ErrorMessage = "Enter the value.")]
    public decimal? Value { get; set; }

    public RecordMetricPointRequest ToRequest(string slug) =>
        new(slug, UtcDateTimeField.ToUtc(At) ?? throw new InvalidOperationException("Validation should have required a time."),
            Value ?? throw new InvalidOperationException("Validation should have required a value."));

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Value is { } value && Metric.IsTooLarge(value))
        {
            yield return new ValidationResult(string.Create(CultureInfo.InvariantCulture,
                $"Values may be at most {Metric.MaxValueMagnitude:N0} either side of zero."), [nameof(Value)]);
        }
    }
}

/// <summary>Lines of <c>timestamp,value</c> pasted in for import.</summary>
public sealed class MetricImportModel : IValidatableObject
{
    /// <summary>
    /// The most the paste box holds. A browser sends the box's text to the server in one circuit
    /// message, twice over, and the portal's circuit accepts messages of at most 32 KB: a longer
    /// paste would drop the connection. The box stops at this length instead.
    /// </summary>
    public const int MaxLength = 15_000;

    [Required(ErrorMessage = "Paste the lines to import, one timestamp,value per line.")]
    public string CsvText { get; set; } = "";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // The box cuts a longer paste off without a word, perhaps mid-number: a full box is refused, not imported.
        if (CsvText.Length >= MaxLength)
        {
            yield return new ValidationResult(string.Create(CultureInfo.InvariantCulture,
                $"The box holds {MaxLength:N0} characters and this paste filled it, so its end was probably cut off. Import the lines in smaller parts."),
                [nameof(CsvText)]);
        }
    }
}
