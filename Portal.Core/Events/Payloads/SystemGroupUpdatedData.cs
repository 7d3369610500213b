
namespace Portal.Core.Events.Payloads;

/// <summary>
/// The payload of <see cref="PortalEventTypes.EstateUpdated"/> when a group is added, renamed or moved.
/// Group names are not secret, so it goes to the public (and so to everybody).
/// </summary>
public sealed record SystemGroupUpdatedData(int GroupId, string Name, int DisplayOrder);
