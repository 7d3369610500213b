using System.ComponentModel.DataAnnotations;
using Portal.Core.Features.MaintenanceWindows;
using Portal.Web.Components.Pages.Admin.Shared;
using MaintenanceWindow = Portal.Core.Domain.Maintenance;

namespace Portal.Web.Components.Pages.Admin.Maintenance;

/// <summary>What an operator fills in to schedule or edit a maintenance window. Times are UTC.</summary>
public sealed class MaintenanceModel
{
    [Required(ErrorMessage = "Give the window a title: viewers see it on the board.")]
    [StringLength(MaintenanceWindow.TitleMaxLength, ErrorMessage = "Keep the title to {1} characters or fewer.")]
    public string Title { get; set; } = "";

    [StringLength(MaintenanceWindow.DescriptionMaxLength, ErrorMessage = "Keep the description to {1} characters or fewer.")]
    public string Description { get; set; } = "";

    [Required(ErrorMessage = "Say when the window starts.")]
    public DateTime? StartsAt { get; set; }

    [Required(ErrorMessage = "Say when the window ends.")]
    [EndsAfterStart]
    public DateTime? EndsAt { get; set; }

    // A List, not a collection expression: MinLength counts through ICollection or a public Count.
    [MinLength(1, ErrorMessage = "Choose who may see the window.")]
    public IReadOnlyCollection<string> Audiences { get; set; } = new List<string> { Portal.Core.Domain.Audience.Public };

    public IReadOnlyCollection<int> AffectedSystemIds { get; set; } = new List<int>();

    /// <summary>A new window: from the next full hour, for two hours.</summary>
    public static MaintenanceModel Starting(DateTimeOffset now)
    {
        var nextHour = now.UtcDateTime.Date.AddHours(now.UtcDateTime.Hour + 1);
        return new MaintenanceModel { StartsAt = nextHour, EndsAt = nextHour.AddHours(2) };
    }

    public static MaintenanceModel From(ConsoleMaintenance window) => new()
    {
        Title = window.Title,
        Description = window.Description,
        StartsAt = UtcDateTimeField.FromUtc(window.StartsAt),
        EndsAt = UtcDateTimeField.FromUtc(window.EndsAt),
        Audiences = window.Audiences.ToList(),
        AffectedSystemIds = window.AffectedSystems.Select(s => s.Id).ToList(),
    };

    public ScheduleMaintenanceRequest ToScheduleRequest() =>
        new(Title, Description, Utc(StartsAt), Utc(EndsAt), [.. Audiences], [.. AffectedSystemIds]);

    public UpdateMaintenanceRequest ToUpdateRequest(int id, int expectedVersion) =>
        new(id, Title, Description, Utc(StartsAt), Utc(EndsAt), [.. Audiences], [.. AffectedSystemIds], expectedVersion);

    private static DateTimeOffset Utc(DateTime? value) =>
        UtcDateTimeField.ToUtc(value) ?? throw new InvalidOperationException("The form was submitted without a time; validation should have stopped it.");
}

/// <summary>
/// Refuses an end at or before the window's start. A property rule rather than a whole-form one,
/// so that it shows beside the end field together with any other field's message.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class EndsAfterStartAttribute : ValidationAttribute
{
    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext) =>
        value is DateTime ends && validationContext.ObjectInstance is MaintenanceModel { StartsAt: { } starts } && ends <= starts
            ? new ValidationResult("The window must end after it starts.", [validationContext.MemberName ?? nameof(MaintenanceModel.EndsAt)])
            : ValidationResult.Success;
}

/// <summary>Why an operator calls a window off; the reason goes to the audit log only.</summary>
public sealed class CancelMaintenanceModel
{
    [Required(ErrorMessage = "Say why the window is cancelled: the reason is kept in the audit log.")]
    [StringLength(CancelMaintenance.ReasonMaxLength, ErrorMessage = "Keep the reason to {1} characters or fewer.")]
    public string Reason { get; set; } = "";
}
