using Portal.Core.Domain;

namespace Portal.Core.Events.Payloads;

/// <summary>
/// The payload of a <see cref="PortalEventTypes.MaintenanceUpdated"/> event. It names no affected
/// systems: some of them may be hidden from some of the window's audiences.
/// </summary>
public sealed record MaintenanceUpdatedData(
    int Id,
    string Title,
    string Description,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    DateTimeOffset? CancelledAt)
{
    internal static MaintenanceUpdatedData From(Maintenance window) =>
        new(window.Id, window.Title, window.Description, window.StartsAt, window.EndsAt, window.CancelledAt);
}
