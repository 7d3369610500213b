using Portal.Core.Domain;

namespace Portal.Core.Events.Payloads;

/// <summary>
/// The payload of a <see cref="PortalEventTypes.MaintenanceUpdated"/> event. It names no affected
/// systems: some of them may be hidden from some of the window's audiences. <see cref="Change"/> says
/// what happened (null in events written before it was recorded).
/// </summary>
public sealed record MaintenanceUpdatedData(
    int Id,
    string Title,
    string Description,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    DateTimeOffset? CancelledAt,
    MaintenanceChange? Change = null)
{
    internal static MaintenanceUpdatedData From(Maintenance window, MaintenanceChange change) =>
        new(window.Id, window.Title, window.Description, window.StartsAt, window.EndsAt, window.CancelledAt, change);
}
