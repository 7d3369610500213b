using Portal.Core.Domain;

namespace Portal.Core.Events.Payloads;

/// <summary>
/// What a system's audiences may know about it: the payload of <see cref="PortalEventTypes.SystemUpdated"/>
/// and of <see cref="PortalEventTypes.EstateUpdated"/> for a new system. Its audiences are left out:
/// who else may see a system is not the viewer's business.
/// </summary>
public sealed record SystemUpdatedData(
    int Id,
    string Slug,
    string Name,
    string Description,
    int GroupId,
    string GroupName,
    int DisplayOrder,
    int? RestartPhaseId,
    SystemStatus Status,
    string StatuspageStatus,
    string? Workaround,
    DateTimeOffset StatusChangedAt,
    DateTimeOffset? ExpectedRestorationAt)
{
    internal static SystemUpdatedData From(EstateSystem system) =>
        new(system.Id, system.Slug, system.Name, system.Description, system.Group.Id, system.Group.Name,
            system.DisplayOrder, system.RestartPhaseId, system.Status, system.Status.ToStatuspage(),
            system.Workaround, system.StatusChangedAt, system.ExpectedRestorationAt);
}
