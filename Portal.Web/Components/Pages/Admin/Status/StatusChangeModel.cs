using System.ComponentModel.DataAnnotations;
using Portal.Core.Domain;

namespace Portal.Web.Components.Pages.Admin.Status;

/// <summary>What an operator fills in to move one or more systems to a new status.</summary>
public sealed class StatusChangeModel : IValidatableObject
{
    public SystemStatus Status { get; set; } = SystemStatus.Operational;

    [Required(ErrorMessage = "Say why: viewers read this in the system's history.")]
    [StringLength(EstateSystem.ReasonMaxLength, ErrorMessage = "Keep the reason under 1,000 characters.")]
    public string Reason { get; set; } = "";

    [StringLength(EstateSystem.WorkaroundMaxLength, ErrorMessage = "Keep the workaround under 4,000 characters.")]
    public string? Workaround { get; set; }

    /// <summary>When the system is expected back (UTC), shown to viewers as "expected back in …".</summary>
    public DateTime? ExpectedRestorationDate { get; set; }

    public TimeSpan? ExpectedRestorationTime { get; set; }

    public DateTimeOffset? ExpectedRestorationAt =>
        ExpectedRestorationDate is { } date
            ? new DateTimeOffset(DateTime.SpecifyKind(date.Date + (ExpectedRestorationTime ?? TimeSpan.FromHours(17)), DateTimeKind.Utc))
            : null;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Status == SystemStatus.Workaround && string.IsNullOrWhiteSpace(Workaround))
        {
            yield return new ValidationResult("Describe the workaround people should follow.", [nameof(Workaround)]);
        }
    }
}
