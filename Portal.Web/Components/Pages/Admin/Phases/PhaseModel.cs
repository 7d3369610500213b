using System.ComponentModel.DataAnnotations;
using Portal.Core.Domain;
using Portal.Core.Features.Phases;
using Portal.Web.Components.Pages.Admin.Shared;

namespace Portal.Web.Components.Pages.Admin.Phases;

/// <summary>What an operator fills in to create or edit a restart phase.</summary>
public sealed class PhaseModel
{
    [Range(1, 9999, ErrorMessage = "Phase numbers start at 1.")]
    public int Number { get; set; } = 1;

    [Required(ErrorMessage = "Name the phase: viewers see the name on the board.")]
    [StringLength(RestartPhase.NameMaxLength, ErrorMessage = "Keep the name to {1} characters or fewer.")]
    public string Name { get; set; } = "";

    [StringLength(RestartPhase.DescriptionMaxLength, ErrorMessage = "Keep the description to {1} characters or fewer.")]
    public string Description { get; set; } = "";

    // A List, not a collection expression: MinLength counts through ICollection or a public Count.
    [MinLength(1, ErrorMessage = "Choose who may see the phase.")]
    public IReadOnlyCollection<string> Audiences { get; set; } = new List<string> { Audience.Public };

    /// <summary>When the phase is expected to start, as a UTC date and time.</summary>
    public DateTime? ExpectedStart { get; set; }

    public static PhaseModel From(ConsolePhase phase) => new()
    {
        Number = phase.Number,
        Name = phase.Name,
        Description = phase.Description,
        Audiences = phase.Audiences.ToList(),
        ExpectedStart = UtcDateTimeField.FromUtc(phase.ExpectedStart),
    };

    public CreateRestartPhaseRequest ToCreateRequest() =>
        new(Number, Name, Description, [.. Audiences], UtcDateTimeField.ToUtc(ExpectedStart));

    public UpdateRestartPhaseRequest ToUpdateRequest(int id, int expectedVersion) =>
        new(id, Number, Name, Description, [.. Audiences], UtcDateTimeField.ToUtc(ExpectedStart), expectedVersion);
}
