namespace Portal.Core.Features.Estate;

/// <summary>
/// The structure of an estate, as the command line exports and imports it: what a company prepares
/// before a crisis. It holds no state of the moment (statuses, phase progress, statements, people):
/// imported systems start operational and phases planned. Systems name their group by name and
/// their phase by number; audience pages name their headline system by slug.
/// </summary>
public sealed record EstateDocument(
    int FormatVersion,
    IReadOnlyList<EstateAudience> Audiences,
    IReadOnlyList<EstateGroup> Groups,
    IReadOnlyList<EstatePhase> Phases,
    IReadOnlyList<EstateSystemEntry> Systems,
    IReadOnlyList<EstateTemplate> Templates)
{
    public const int CurrentFormatVersion = 1;
}

public sealed record EstateAudience(
    string Key,
    string Name,
    string? HeadlineQuestion,
    string? HeadlineSystem,
    string? ContactsMarkdown,
    bool SelfRegistrationOpen,
    IReadOnlyList<string> RegistrationDomains);

public sealed record EstateGroup(string Name, int DisplayOrder);

public sealed record EstatePhase(int Number, string Name, string Description, IReadOnlyList<string> Audiences, DateTimeOffset? ExpectedStart);

public sealed record EstateSystemEntry(
    string Slug,
    string Name,
    string Description,
    string Group,
    int DisplayOrder,
    IReadOnlyList<string> Audiences,
    int? Phase);

public sealed record EstateTemplate(string Name, string Title, string BodyMarkdown, IReadOnlyList<string> Audiences);
