
namespace Portal.Core.Events.Payloads;

/// <summary>
/// The payload of <see cref="PortalEventTypes.StatementPublished"/> and <see cref="PortalEventTypes.StatementAmended"/>:
/// what the statement's own audiences read.
/// </summary>
/// <param name="Excerpt">Plain text from the start of the body, for lists.</param>
/// <param name="Html">The body rendered from Markdown and sanitised.</param>
/// <param name="Revision">The number of the revision shown (1 for the first publication).</param>
public sealed record StatementPublishedData(
    int Id,
    string Title,
    string Excerpt,
    string Html,
    int Revision,
    DateTimeOffset PublishedAt,
    DateTimeOffset UpdatedAt);
