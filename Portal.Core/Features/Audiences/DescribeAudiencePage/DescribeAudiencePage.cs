using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Events.Payloads;
using Portal.Core.Persistence;

namespace Portal.Core.Features.Audiences;

/// <param name="HeadlineQuestion">The question the audience's page answers first; empty for none (then no system either).</param>
/// <param name="HeadlineSystemId">The system whose status answers it; it must be one the audience can see.</param>
public sealed record DescribeAudiencePageRequest(string AudienceKey, string? HeadlineQuestion, int? HeadlineSystemId, string? ContactsMarkdown);

/// <summary>
/// An Admin sets what an audience's page leads with (a question answered by one system's status) and whom
/// it names as contacts. Audited with before and after; the audience's live pages hear of it at once.
/// </summary>
public sealed class DescribeAudiencePage(IDbContextFactory<PortalDbContext> dbFactory, PortalEventStream stream, TimeProvider clock)
{
    public async Task<AudienceUpdatedData> HandleAsync(DescribeAudiencePageRequest request, Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Require(PortalRoles.Admin);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var audience = await AudiencePages.FindAsync(db, request.AudienceKey, cancellationToken);
        var question = string.IsNullOrWhiteSpace(request.HeadlineQuestion) ? null : request.HeadlineQuestion;
        EstateSystem? system = null;
        if (request.HeadlineSystemId is { } systemId)
        {
            system = await db.EstateSystems.SingleOrDefaultAsync(s => s.Id == systemId, cancellationToken);
            if (system is null || !AudiencePages.CanSee(audience.Key, system))
            {
                throw new DomainException($"{audience.Name} cannot see that system, so it cannot answer their question. Choose one they can see.");
            }
        }

        var now = clock.GetUtcNow();
        var before = AudiencePages.Snapshot(audience);
        audience.DescribePage(question, system?.Id, request.ContactsMarkdown);

        var data = new AudienceUpdatedData(audience.Key, audience.Name, audience.HeadlineQuestion, system?.Slug, audience.ContactsMarkdown);
        db.Audit(actor, "audience.page-described", "Audience", audience.Key, before, AudiencePages.Snapshot(audience), now);
        // Only the audience itself: another audience must not learn what this one is told or whom it contacts.
        db.Emit(PortalEventTypes.AudienceUpdated, [audience.Key], data, now);
        await db.CommitAsync(stream, cancellationToken);
        return data;
    }
}
