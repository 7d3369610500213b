using Portal.Core.Domain;

namespace Portal.Core.Events.Payloads;

/// <summary>The payload of a <see cref="PortalEventTypes.SystemStatusChanged"/> event.</summary>
/// <param name="StatuspageStatus">The status in Statuspage's component vocabulary (e.g. "partial_outage").</param>
/// <param name="Workaround">What people can do meanwhile, when the status is a workaround.</param>
/// <param name="Reason">Why the status changed, as the operator wrote it.</param>
public sealed record SystemStatusChangedData(
    int Id,
    string Slug,
    string Name,
    SystemStatus Status,
    string StatuspageStatus,
    SystemStatus PreviousStatus,
    string? Workaround,
    string Reason,
    DateTimeOffset ChangedAt,
    DateTimeOffset? ExpectedRestorationAt);
