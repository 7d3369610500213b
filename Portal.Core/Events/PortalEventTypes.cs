namespace Portal.Core.Events;

/// <summary>The names of event types; they are part of the public hub contract.</summary>
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
}
