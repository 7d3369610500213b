namespace Portal.Core.Domain;

public enum IncidentState
{
    Investigating = 0,
    Identified = 1,
    Monitoring = 2,
    Resolved = 3,
}
