namespace Portal.Core.Features;

/// <summary>
/// The payload sent, instead of the item's data, to audiences that may no longer see an item:
/// its id and nothing else, so a client can drop it without learning what it has become.
/// </summary>
public sealed record RemovedItemData(int Id)
{
    public bool Removed => true;
}
