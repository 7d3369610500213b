using Portal.Core.Domain;

namespace Portal.Core.Features.AudiencePages;

/// <summary>The plain answer an audience page leads with.</summary>
public enum HeadlineAvailability
{
    /// <summary>The system works (perhaps slower than usual).</summary>
    Available,

    /// <summary>The usual route is closed; the workaround steps say what to do instead.</summary>
    ThroughWorkaround,

    /// <summary>Neither the system nor a workaround can be used yet.</summary>
    NotAvailable,
}

/// <summary>
/// An audience's headline question (for example "Can we register vehicles right now?") answered
/// from the current status of the system that answers it.
/// </summary>
/// <param name="Note">A qualifier for the answer, such as "slower than usual" when the system is degraded.</param>
/// <param name="Workaround">The steps to follow when the answer is <see cref="HeadlineAvailability.ThroughWorkaround"/>.</param>
/// <param name="ExpectedBackAt">When the system is expected back, if the operators said, while it is not available normally.</param>
public sealed record HeadlineAnswer(
    string Question,
    HeadlineAvailability Availability,
    string SystemSlug,
    string SystemName,
    SystemStatus Status,
    string? Note,
    string? Workaround,
    DateTimeOffset? ExpectedBackAt,
    DateTimeOffset StatusChangedAt)
{
    /// <summary>What viewers read as the answer: "Available", "Through the workaround" or "Not available".</summary>
    public string AnswerText => Describe(Availability);

    public static string Describe(HeadlineAvailability availability) => availability switch
    {
        HeadlineAvailability.Available => "Available",
        HeadlineAvailability.ThroughWorkaround => "Through the workaround",
        _ => "Not available",
    };

    /// <summary>
    /// Operational and Degraded answer Available (Degraded noting "slower than usual"); Workaround
    /// answers Through the workaround with its steps; Restoring, Offline and Maintenance answer Not
    /// available, with the expected return when it is known.
    /// </summary>
    public static HeadlineAnswer For(string question, EstateSystem system)
    {
        var (availability, note) = system.Status switch
        {
            SystemStatus.Operational => (HeadlineAvailability.Available, (string?)null),
            SystemStatus.Degraded => (HeadlineAvailability.Available, "slower than usual"),
            SystemStatus.Workaround => (HeadlineAvailability.ThroughWorkaround, null),
            SystemStatus.Restoring => (HeadlineAvailability.NotAvailable, "being restored"),
            SystemStatus.Maintenance => (HeadlineAvailability.NotAvailable, "in planned maintenance"),
            _ => (HeadlineAvailability.NotAvailable, null),
        };

        return new HeadlineAnswer(
            question,
            availability,
            system.Slug,
            system.Name,
            system.Status,
            note,
            availability == HeadlineAvailability.ThroughWorkaround ? system.Workaround : null,
            availability == HeadlineAvailability.Available ? null : system.ExpectedRestorationAt,
            system.StatusChangedAt);
    }
}
