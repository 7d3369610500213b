namespace Portal.Core.Domain;

/// <summary>Statuspage's incident impact levels, used for the overall indicator and the v2 API.</summary>
public enum IncidentImpact
{
    None = 0,
    Minor = 1,
    Major = 2,
    Critical = 3,
}
