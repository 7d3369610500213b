namespace Portal.Core.Domain;

/// <summary>The overall status as Atlassian Statuspage clients read it: an indicator and its wording.</summary>
/// <param name="Indicator">none, maintenance, minor, major or critical.</param>
/// <param name="Description">Statuspage's own sentence for that indicator.</param>
public sealed record StatuspageIndicator(string Indicator, string Description);

/// <summary>
/// How the portal's statuses map to Atlassian Statuspage's vocabulary, for the Statuspage API and the
/// live events that carry a component status: the one place that says it.
/// </summary>
public static class StatuspageStatus
{
    /// <summary>The Statuspage component status of a system (or a group, given its worst system).</summary>
    public static string ToStatuspage(this SystemStatus status) => status switch
    {
        SystemStatus.Operational => "operational",
        SystemStatus.Maintenance => "under_maintenance",
        SystemStatus.Degraded => "degraded_performance",
        SystemStatus.Workaround or SystemStatus.Restoring => "partial_outage",
        _ => "major_outage",
    };

    /// <summary>The component statuses Statuspage's Manage API accepts.</summary>
    public static IReadOnlyList<string> ComponentStatuses { get; } =
        ["operational", "under_maintenance", "degraded_performance", "partial_outage", "major_outage"];

    /// <summary>
    /// The portal status a Statuspage client means by <paramref name="componentStatus"/>, or null
    /// when it is not a component status. <c>partial_outage</c> reads as Restoring (partly
    /// available): Workaround needs the workaround described, which a Statuspage client cannot send.
    /// </summary>
    public static SystemStatus? FromStatuspage(string? componentStatus) => componentStatus switch
    {
        "operational" => SystemStatus.Operational,
        "under_maintenance" => SystemStatus.Maintenance,
        "degraded_performance" => SystemStatus.Degraded,
        "partial_outage" => SystemStatus.Restoring,
        "major_outage" => SystemStatus.Offline,
        _ => null,
    };

    /// <summary>The page's overall indicator, given the worst status the caller may see.</summary>
    public static StatuspageIndicator ToStatuspageIndicator(this SystemStatus worst) => worst switch
    {
        SystemStatus.Operational => new("none", "All Systems Operational"),
        SystemStatus.Maintenance => new("maintenance", "Service Under Maintenance"),
        SystemStatus.Degraded => new("minor", "Minor Service Outage"),
        SystemStatus.Workaround or SystemStatus.Restoring => new("major", "Partial System Outage"),
        _ => new("critical", "Major System Outage"),
    };
}
