namespace Portal.Core.Events;

/// <summary>
/// The names of event types; they are part of the public hub contract. Each type's payload is a
/// record in <c>Events/Payloads/</c> (e.g. <c>SystemStatusChangedData</c>), written as camelCase JSON
/// with <see cref="PortalEvent.PayloadJson"/>; an audience that lost sight of an item receives the
/// same type with <c>RemovedItemData</c> instead.
/// </summary>
public static class PortalEventTypes
{
    public const string SystemStatusChanged = "systemStatusChanged";
    public const string StatementPublished = "statementPublished";
    public const string StatementAmended = "statementAmended";
    public const string StatementWithdrawn = "statementWithdrawn";
    public const string IncidentUpdated = "incidentUpdated";
    public const string PhaseUpdated = "phaseUpdated";
    public const string MaintenanceUpdated = "maintenanceUpdated";
    public const string MetricUpdated = "metricUpdated";

    /// <summary>A system's name, description, group, order, audiences or phase changed.</summary>
    public const string SystemUpdated = "systemUpdated";

    /// <summary>The estate's structure changed (a system or group was added, groups reordered or renamed).</summary>
    public const string EstateUpdated = "estateUpdated";

    /// <summary>An audience's page changed (headline question, the system answering it, contacts); sent only to that audience.</summary>
    public const string AudienceUpdated = "audienceUpdated";

    /// <summary>An audience's self-registration opened or closed; sent to Public, as the public board says who may register.</summary>
    public const string RegistrationUpdated = "registrationUpdated";
}
