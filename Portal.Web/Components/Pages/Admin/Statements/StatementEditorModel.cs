using System.ComponentModel.DataAnnotations;
using Portal.Core.Domain;

namespace Portal.Web.Components.Pages.Admin.Statements;

/// <summary>The statement editor's form: the words, who they are for, and what they are about.</summary>
public sealed class StatementEditorModel : IValidatableObject
{
    [Required(ErrorMessage = "Give the statement a title.")]
    [StringLength(Statement.TitleMaxLength, ErrorMessage = "Keep the title under 200 characters.")]
    public string Title { get; set; } = "";

    [Required(ErrorMessage = "Write the statement.")]
    [StringLength(Statement.BodyMaxLength, ErrorMessage = "Keep the statement under 20,000 characters.")]
    public string Body { get; set; } = "";

    public HashSet<string> Audiences { get; set; } = [Audience.Public];

    public int? IncidentId { get; set; }

    public HashSet<int> LinkedSystemIds { get; set; } = [];

    /// <summary>Whether both hold the same words, audiences, incident and systems (nothing typed since one was made from the other).</summary>
    public bool SameAs(StatementEditorModel other) =>
        Title == other.Title && Body == other.Body && IncidentId == other.IncidentId
        && Audiences.SetEquals(other.Audiences) && LinkedSystemIds.SetEquals(other.LinkedSystemIds);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Audiences.Count == 0)
        {
            yield return new ValidationResult("Choose who the statement is for.", [nameof(Audiences)]);
        }
    }
}
