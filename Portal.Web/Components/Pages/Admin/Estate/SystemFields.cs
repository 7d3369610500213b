using System.ComponentModel.DataAnnotations;
using Portal.Core.Domain;
using Portal.Core.Features.Systems;

namespace Portal.Web.Components.Pages.Admin.Estate;

/// <summary>What an administrator types to add or change a system, checked before Core is asked.</summary>
public sealed class SystemFields
{
    [Required(ErrorMessage = "Enter a slug, such as supplier-payments.")]
    [StringLength(EstateSystem.SlugMaxLength, ErrorMessage = "The slug must be at most {1} characters.")]
    [RegularExpression("[a-z0-9-]+", ErrorMessage = "Use only lower-case letters, digits and hyphens.")]
    public string Slug { get; set; } = "";

    [Required(ErrorMessage = "Enter the system's name.")]
    [StringLength(EstateSystem.NameMaxLength, ErrorMessage = "The name must be at most {1} characters.")]
    public string Name { get; set; } = "";

    [StringLength(EstateSystem.DescriptionMaxLength, ErrorMessage = "The description must be at most {1} characters.")]
    public string Description { get; set; } = "";

    [Range(1, int.MaxValue, ErrorMessage = "Choose the group to list the system under.")]
    public int GroupId { get; set; }

    [Range(0, 9999, ErrorMessage = "Use a display order from 0 to 9999.")]
    public int DisplayOrder { get; set; }

    [MinLength(1, ErrorMessage = "Choose at least one audience.")]
    public IReadOnlySet<string> Audiences { get; set; } = new HashSet<string>();

    public int? RestartPhaseId { get; set; }

    public static SystemFields From(ConsoleSystem system) => new()
    {
        Slug = system.Slug,
        Name = system.Name,
        Description = system.Description,
        GroupId = system.GroupId,
        DisplayOrder = system.DisplayOrder,
        Audiences = new HashSet<string>(system.Audiences),
        RestartPhaseId = system.RestartPhaseId,
    };
}
