using System.ComponentModel.DataAnnotations;
using Portal.Core.Domain;

namespace Portal.Web.Components.Pages.Admin.Estate;

/// <summary>What an administrator types to add, rename or move a system group.</summary>
public sealed class GroupFields
{
    [Required(ErrorMessage = "Enter the group's name.")]
    [StringLength(SystemGroup.NameMaxLength, ErrorMessage = "The name must be at most {1} characters.")]
    public string Name { get; set; } = "";

    [Range(0, 9999, ErrorMessage = "Use a display order from 0 to 9999.")]
    public int DisplayOrder { get; set; }
}
