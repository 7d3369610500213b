using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Persistence;

namespace Portal.Core.Features.Audiences;

/// <param name="Domains">Email domains, one per entry (blank entries are ignored), e.g. "partsco.example".</param>
public sealed record SetAudienceRegistrationRequest(string AudienceKey, bool Open, IReadOnlyList<string> Domains);

/// <summary>The audience's registration settings as saved.</summary>
public sealed record AudienceRegistration(string Key, bool Open, IReadOnlyList<string> Domains);

/// <summary>
/// An Admin opens or closes self-registration for an audience and sets the email domains it accepts.
/// Every bad domain is named in one refusal, and nothing is saved unless all are good. Audited with
/// before and after. The public board says which audiences people may register for, so Public hears of the change
/// (without the domains).
/// </summary>
public sealed class SetAudienceRegistration(IDbContextFactory<PortalDbContext> dbFactory, PortalEventStream stream, TimeProvider clock)
{
    /// <summary>More than this is a list to manage elsewhere, not on a form.</summary>
    public const int MaxDomains = 200;

    public async Task<AudienceRegistration> HandleAsync(SetAudienceRegistrationRequest request, Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Require(PortalRoles.Admin);
        var domains = CheckDomains(request.Domains);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var audience = await AudiencePages.FindAsync(db, request.AudienceKey, cancellationToken);

        var now = clock.GetUtcNow();
        var before = AudiencePages.Snapshot(audience);
        var wasOpen = audience.SelfRegistrationOpen;
        audience.SetRegistration(request.Open, domains);
        db.Audit(actor, request.Open ? "audience.registration-opened" : "audience.registration-closed", "Audience", audience.Key,
            before, AudiencePages.Snapshot(audience), now);
        if (wasOpen != audience.SelfRegistrationOpen)
        {
            db.Emit(PortalEventTypes.RegistrationUpdated, [Audience.Public], new RegistrationUpdatedData(audience.Key, audience.Name, audience.SelfRegistrationOpen), now);
        }

        await db.CommitAsync(stream, cancellationToken);
        return new AudienceRegistration(audience.Key, audience.SelfRegistrationOpen, audience.RegistrationDomains);
    }

    /// <summary>
    /// Normalises every domain, or throws one <see cref="DomainException"/> naming each that is not an email
    /// domain, one per line, so the Admin can fix them all at once.
    /// </summary>
    public static List<string> CheckDomains(IEnumerable<string> domains)
    {
        var entries = domains.Select(d => d.Trim()).Where(d => d.Length > 0).ToList();
        if (entries.Count > MaxDomains)
        {
            throw new DomainException($"List at most {MaxDomains} domains.");
        }

        var problems = new List<string>();
        var normalised = new List<string>();
        foreach (var entry in entries)
        {
            try
            {
                normalised.Add(Audience.NormaliseDomain(entry));
            }
            catch (DomainException problem)
            {
                problems.Add(problem.Message);
            }
        }

        return problems.Count == 0 ? normalised : throw new DomainException(string.Join("\n", problems));
    }
}
