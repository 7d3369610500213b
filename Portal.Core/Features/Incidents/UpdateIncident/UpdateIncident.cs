using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Events.Payloads;
using Portal.Core.Persistence;

namespace Portal.Core.Features.Incidents;

/// <param name="ExpectedVersion">The version the person saw; when given and stale, the change is refused.</param>
public sealed record UpdateIncidentRequest(
    int Id,
    string Title,
    IncidentImpact Impact,
    IncidentState State,
    IReadOnlyList<string> Audiences,
    IReadOnlyList<int> AffectedSystemIds,
    int? ExpectedVersion = null);

/// <summary>
/// Changes an incident's title, impact, state, audiences or affected systems. Its audiences receive
/// <see cref="IncidentUpdatedData"/>; audiences that lose sight of it receive only <see cref="RemovedItemData"/>.
/// </summary>
public sealed class UpdateIncident(
    IDbContextFactory<PortalDbContext> dbFactory,
    PortalEventStream stream,
    TimeProvider clock)
{
    public async Task<IncidentUpdatedData> HandleAsync(
        UpdateIncidentRequest request,
        Actor actor,
        CancellationToken cancellationToken = default)
    {
        actor.Require(PortalRoles.Publisher, PortalRoles.Operator);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var incident = await db.Incidents.SingleOrDefaultAsync(i => i.Id == request.Id, cancellationToken)
            ?? throw new NotFoundException($"There is no incident {request.Id}.");
        if (request.ExpectedVersion is { } expected && expected != incident.Version)
        {
            throw new ConcurrencyConflictException(
                $"The incident '{incident.Title}' was changed by someone else (it is now {incident.State}, {incident.Impact} impact). Review and save again.");
        }

        var audiences = await db.KnownAsync(request.Audiences, cancellationToken);
        await IncidentChecks.CheckSystemsExistAsync(db, request.AffectedSystemIds, cancellationToken);

        var now = clock.GetUtcNow();
        var before = IncidentChecks.Snapshot(incident);
        var audiencesBefore = incident.Audiences.ToList();
        incident.Update(request.Title, request.Impact, audiences, request.AffectedSystemIds, now);
        // Only a real change of state moves it: saving a resolved incident again keeps when it was resolved.
        if (incident.State != request.State)
        {
            incident.ChangeState(request.State, now);
        }

        var data = IncidentUpdatedData.From(incident);
        db.Audit(actor, "incident.updated", nameof(Incident), incident.Id.ToString(CultureInfo.InvariantCulture), before,
            IncidentChecks.Snapshot(incident), now);
        db.EmitToKeptAndLostAudiences(PortalEventTypes.IncidentUpdated, incident.Id, audiencesBefore, incident.Audiences, data, now);
        await db.CommitAsync(stream, cancellationToken);
        return data;
    }
}
