using Portal.Core.Domain;

namespace Portal.Core.Events.Payloads;

/// <summary>
/// The payload of <see cref="PortalEventTypes.IncidentUpdated"/>. The affected systems are left out:
/// they may include systems some of the incident's audiences may not see.
/// </summary>
public sealed record IncidentUpdatedData(
    int Id,
    string Title,
    IncidentState State,
    IncidentImpact Impact,
    DateTimeOffset StartedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? ResolvedAt)
{
    internal static IncidentUpdatedData From(Incident incident) =>
        new(incident.Id, incident.Title, incident.State, incident.Impact, incident.StartedAt, incident.UpdatedAt, incident.ResolvedAt);
}
