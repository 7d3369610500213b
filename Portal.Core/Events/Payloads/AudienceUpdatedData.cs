
namespace Portal.Core.Events.Payloads;

/// <summary>
/// The payload of <see cref="PortalEventTypes.AudienceUpdated"/>, sent only to the audience itself: its page's
/// headline question, the slug of the system that answers it, and its contacts as Markdown.
/// </summary>
public sealed record AudienceUpdatedData(string Key, string Name, string? HeadlineQuestion, string? HeadlineSystemSlug, string? ContactsMarkdown);
