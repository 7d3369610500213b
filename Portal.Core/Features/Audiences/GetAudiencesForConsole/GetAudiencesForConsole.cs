using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Persistence;

namespace Portal.Core.Features.Audiences;

/// <param name="Sequence">The event sequence the list is current at.</param>
public sealed record AudiencesForConsole(long Sequence, IReadOnlyList<ConsoleAudience> Audiences);

/// <param name="HeadlineSystems">The systems this audience can see, the only ones that may answer its headline question.</param>
public sealed record ConsoleAudience(
    string Key,
    string Name,
    string? HeadlineQuestion,
    int? HeadlineSystemId,
    string? ContactsMarkdown,
    bool SelfRegistrationOpen,
    IReadOnlyList<string> RegistrationDomains,
    IReadOnlyList<HeadlineSystemOption> HeadlineSystems)
{
    public bool IsPublic => Key == Audience.Public;

    public string? HeadlineSystemName => HeadlineSystems.FirstOrDefault(s => s.Id == HeadlineSystemId)?.Name;
}

public sealed record HeadlineSystemOption(int Id, string Slug, string Name);

/// <summary>Every audience with its page description and registration settings, for the Admin's Audiences page.</summary>
public sealed class GetAudiencesForConsole(IDbContextFactory<PortalDbContext> dbFactory)
{
    public async Task<AudiencesForConsole> HandleAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Require(PortalRoles.Admin);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var sequence = await db.CurrentSequenceAsync(cancellationToken);
        var audiences = await db.Audiences.AsNoTracking()
            .OrderBy(a => a.Key != Audience.Public).ThenBy(a => a.Name)
            .ToListAsync(cancellationToken);
        var systems = await db.EstateSystems.AsNoTracking().OrderBy(s => s.Name).ToListAsync(cancellationToken);

        return new AudiencesForConsole(sequence, [.. audiences.Select(a => new ConsoleAudience(
            a.Key, a.Name, a.HeadlineQuestion, a.HeadlineSystemId, a.ContactsMarkdown, a.SelfRegistrationOpen, a.RegistrationDomains,
            [.. systems.Where(s => AudiencePages.CanSee(a.Key, s)).Select(s => new HeadlineSystemOption(s.Id, s.Slug, s.Name))]))]);
    }
}
