using System.ComponentModel.DataAnnotations;
using Portal.Core.Domain;
using Portal.Core.Features.Incidents;

namespace Portal.Web.Components.Pages.Admin.Incidents;

/// <summary>What a publisher or operator types to open or update an incident, checked before Core is asked.</summary>
public sealed class IncidentFields
{
    [Required(ErrorMessage = "Enter a title, such as \"Cyber incident and controlled restart\".")]
    [StringLength(Incident.TitleMaxLength, ErrorMessage = "The title must be at most {1} characters.")]
    public string Title { get; set; } = "";

    // Nullable so that a new incident's impact is a choice someone made, not a default nobody noticed.
    [Required(ErrorMessage = "Choose the impact.")]
    public IncidentImpact? Impact { get; set; }

    public IncidentState State { get; set; } = IncidentState.Investigating;

    [MinLength(1, ErrorMessage = "Choose at least one audience.")]
    public IReadOnlySet<string> Audiences { get; set; } = new HashSet<string>();

    public IReadOnlySet<int> AffectedSystemIds { get; set; } = new HashSet<int>();

    public static IncidentFields From(ConsoleIncident incident) => new()
    {
        Title = incident.Title,
        Impact = incident.Impact,
        State = incident.State,
        Audiences = new HashSet<string>(incident.Audiences),
        AffectedSystemIds = new HashSet<int>(incident.AffectedSystemIds),
    };
}
