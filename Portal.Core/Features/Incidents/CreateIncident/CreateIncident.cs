using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Events.Payloads;
using Portal.Core.Persistence;

namespace Portal.Core.Features.Incidents;

public sealed record CreateIncidentRequest(
    string Title,
    IncidentImpact Impact,
    IReadOnlyList<string> Audiences,
    IReadOnlyList<int> AffectedSystemIds);

/// <summary>Opens an incident, under investigation from now.</summary>
public sealed class CreateIncident(
    IDbContextFactory<PortalDbContext> dbFactory,
    PortalEventStream stream,
    TimeProvider clock)
{
    public async Task<IncidentUpdatedData> HandleAsync(
        CreateIncidentRequest request,
        Actor actor,
        CancellationToken cancellationToken = default)
    {
        actor.Require(PortalRoles.Publisher, PortalRoles.Operator);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var audiences = await db.KnownAsync(request.Audiences, cancellationToken);
        await IncidentChecks.CheckSystemsExistAsync(db, request.AffectedSystemIds, cancellationToken);

        var now = clock.GetUtcNow();
        var incident = new Incident(request.Title, request.Impact, audiences, request.AffectedSystemIds, now);
        await using var transaction = await db.InsertAsync(incident, cancellationToken);
        var data = IncidentUpdatedData.From(incident);
        db.Audit(actor, "incident.created", nameof(Incident), incident.Id.ToString(CultureInfo.InvariantCulture), null,
            IncidentChecks.Snapshot(incident), now);
        db.Emit(PortalEventTypes.IncidentUpdated, incident.Audiences, data, now);
        await db.CommitAsync(stream, cancellationToken);
        return data;
    }
}
