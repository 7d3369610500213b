
namespace Portal.Core.Events.Payloads;

/// <summary>
/// The payload sent, instead of the item's data, to audiences that may no longer see an item:
/// its id and nothing else, so a client can drop it without learning what it has become. It travels
/// under the item's own event type (e.g. <see cref="PortalEventTypes.SystemUpdated"/>).
/// </summary>
public sealed record RemovedItemData(int Id)
{
    /// <summary>Always true: tells a client this event removes the item rather than updating it.</summary>
    public bool Removed => true;
}
