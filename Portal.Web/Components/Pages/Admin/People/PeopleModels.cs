using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Components;
using Portal.Core.Domain;
using Portal.Core.Features.People;

namespace Portal.Web.Components.Pages.Admin.People;

/// <summary>Whom an Admin invites: staff get roles, viewers get audiences (a person may get both).</summary>
public sealed class InviteModel : IValidatableObject
{
    [Required(ErrorMessage = "Enter the person's email address.")]
    [EmailAddress(ErrorMessage = "Enter an email address like name@example.com.")]
    [StringLength(PortalUser.EmailMaxLength, ErrorMessage = "Keep the email address to {1} characters or fewer.")]
    public string Email { get; set; } = "";

    [StringLength(PortalUser.DisplayNameMaxLength, ErrorMessage = "Keep the name to {1} characters or fewer.")]
    public string? DisplayName { get; set; }

    [StringLength(PortalUser.OrganisationMaxLength, ErrorMessage = "Keep the organisation to {1} characters or fewer.")]
    public string? Organisation { get; set; }

    public HashSet<string> Roles { get; } = [];

    public IReadOnlyCollection<string> Audiences { get; set; } = new List<string>();

    public InvitePersonRequest ToRequest() => new(Email, [.. Roles], [.. Audiences], DisplayName, Organisation);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Roles.Count == 0 && Audiences.Count == 0)
        {
            yield return new("Choose at least one role (for staff) or audience (for a viewer).", [nameof(Roles), nameof(Audiences)]);
        }
    }
}

/// <summary>Lines of <c>email,name,organisation,audiences</c> pasted in to invite viewers.</summary>
public sealed class BulkInviteModel : IValidatableObject
{
    /// <summary>
    /// The most the paste box holds: the circuit takes messages of 256 KB, and a browser sends the
    /// box's text in one, so the box stops well short (about 1,000 typical lines).
    /// </summary>
    public const int MaxLength = 100_000;

    [Required(ErrorMessage = "Paste one viewer per line: email,name,organisation,audiences.")]
    public string CsvText { get; set; } = "";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // The box cuts a longer paste off without a word, perhaps mid-address: a full box is refused.
        if (CsvText.Length >= MaxLength)
        {
            yield return new ValidationResult(
                $"The box holds {MaxLength:N0} characters and this paste filled it, so its end was probably cut off. Invite the viewers in smaller parts.",
                [nameof(CsvText)]);
        }
    }
}

/// <summary>A person's audience memberships and organisation, as an Admin edits them.</summary>
public sealed class MembershipModel
{
    [StringLength(PortalUser.OrganisationMaxLength, ErrorMessage = "Keep the organisation to {1} characters or fewer.")]
    public string? Organisation { get; set; }

    public IReadOnlyCollection<string> Audiences { get; set; } = new List<string>();

    public static MembershipModel From(PersonView person) => new() { Organisation = person.Organisation, Audiences = person.Audiences.ToList() };
}

public static class InvitationLinks
{
    /// <summary>The absolute one-time link for an invitation's token.</summary>
    public static string For(NavigationManager navigation, string token) =>
        navigation.ToAbsoluteUri($"/account/accept-invitation?token={token}").ToString();
}
