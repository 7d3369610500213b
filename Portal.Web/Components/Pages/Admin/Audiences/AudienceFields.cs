using System.ComponentModel.DataAnnotations;
using Portal.Core.Domain;
using Portal.Core.Features.Audiences;

namespace Portal.Web.Components.Pages.Admin.Audiences;

/// <summary>What an Admin types to describe an audience's page, checked before Core is asked.</summary>
public sealed class AudiencePageFields : IValidatableObject
{
    [StringLength(Audience.HeadlineMaxLength, ErrorMessage = "Keep the question to {1} characters or fewer.")]
    public string? HeadlineQuestion { get; set; }

    public int? HeadlineSystemId { get; set; }

    [StringLength(Audience.ContactsMaxLength, ErrorMessage = "Keep the contacts to {1} characters or fewer.")]
    public string? ContactsMarkdown { get; set; }

    public static AudiencePageFields From(ConsoleAudience audience) => new()
    {
        HeadlineQuestion = audience.HeadlineQuestion,
        HeadlineSystemId = audience.HeadlineSystemId,
        ContactsMarkdown = audience.ContactsMarkdown,
    };

    public DescribeAudiencePageRequest ToRequest(string key) => new(key, HeadlineQuestion, HeadlineSystemId, ContactsMarkdown);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var hasQuestion = !string.IsNullOrWhiteSpace(HeadlineQuestion);
        if (hasQuestion && HeadlineSystemId is null)
        {
            yield return new ValidationResult("Choose the system whose status answers the question.", [nameof(HeadlineSystemId)]);
        }
        else if (!hasQuestion && HeadlineSystemId is not null)
        {
            yield return new ValidationResult("Write the question this system's status answers, or choose no system.", [nameof(HeadlineQuestion)]);
        }
    }
}

/// <summary>Whether an audience takes self-registrations, and from which email domains (one per line).</summary>
public sealed class AudienceRegistrationFields
{
    public bool Open { get; set; }

    [StringLength(20_000, ErrorMessage = "That is too long a list for this form.")]
    public string Domains { get; set; } = "";

    public static AudienceRegistrationFields From(ConsoleAudience audience) => new()
    {
        Open = audience.SelfRegistrationOpen,
        Domains = string.Join('\n', audience.RegistrationDomains),
    };

    public SetAudienceRegistrationRequest ToRequest(string key) =>
        new(key, Open, Domains.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
}
