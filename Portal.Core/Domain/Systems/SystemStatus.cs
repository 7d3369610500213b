namespace Portal.Core.Domain;

/// <summary>
/// The state of an <see cref="EstateSystem"/>, declared in order of severity (least severe first),
/// so that comparing two values answers "which is worse". The overall banner shows the worst
/// status a viewer can see.
/// </summary>
/// <remarks>
/// Maintenance sits just above Operational: it is planned, announced and time-boxed, so on a board
/// during a cyber-incident restart it must never mask an unplanned degradation or outage elsewhere.
/// Workaround ranks above Degraded because the normal route is unavailable (people must follow other
/// steps); Restoring ranks below Offline because the system is partly back.
/// </remarks>
public enum SystemStatus
{
    Operational = 0,
    Maintenance = 1,
    Degraded = 2,
    Workaround = 3,
    Restoring = 4,
    Offline = 5,
}

/// <summary>How a <see cref="SystemStatus"/> is named, coloured and drawn (Statuspage clients: <see cref="StatuspageStatus"/>).</summary>
/// <param name="DisplayName">What viewers read.</param>
/// <param name="Colour">A hex colour; always shown with the name and icon, never alone.</param>
/// <param name="Icon">A Material icon name (the web layer maps it to its icon set).</param>
/// <param name="Summary">One line saying what the status means for a person using the system.</param>
public sealed record SystemStatusAppearance(
    string DisplayName,
    string Colour,
    string Icon,
    string Summary);

public static class SystemStatusExtensions
{
    private static readonly IReadOnlyDictionary<SystemStatus, SystemStatusAppearance> Appearances =
        new Dictionary<SystemStatus, SystemStatusAppearance>
        {
            [SystemStatus.Operational] = new("Operational", "#1b7f3b", "check_circle",
                "Working normally."),
            [SystemStatus.Maintenance] = new("Maintenance", "#1565c0", "build",
                "In a planned maintenance window."),
            [SystemStatus.Degraded] = new("Degraded", "#8a6d00", "speed",
                "Working, but slower or with reduced capacity."),
            [SystemStatus.Workaround] = new("Workaround", "#b45309", "alt_route",
                "Not available in the usual way; follow the workaround."),
            [SystemStatus.Restoring] = new("Restoring", "#6d28d9", "autorenew",
                "Being brought back; partly available."),
            [SystemStatus.Offline] = new("Offline", "#b91c1c", "cancel",
                "Not available."),
        };

    public static SystemStatusAppearance Appearance(this SystemStatus status) => Appearances[status];

    public static string DisplayName(this SystemStatus status) => Appearances[status].DisplayName;

    /// <summary>True when <paramref name="status"/> is more severe than <paramref name="other"/>.</summary>
    public static bool IsWorseThan(this SystemStatus status, SystemStatus other) => status > other;

    /// <summary>Whether a person can use the system (normally or slowed down): counts as "back" in phase progress.</summary>
    public static bool IsAvailable(this SystemStatus status) =>
        status is SystemStatus.Operational or SystemStatus.Degraded;

    /// <summary>The worst of a set of statuses; Operational when there are none.</summary>
    public static SystemStatus Worst(this IEnumerable<SystemStatus> statuses) =>
        statuses.DefaultIfEmpty(SystemStatus.Operational).Max();
}
