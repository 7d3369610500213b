using System.Text.Json;
using Portal.Core.Events;

namespace Portal.Tests.Support;

/// <summary>Reads an event's payload the way an external client would: as JSON.</summary>
public static class EventData
{
    public static IReadOnlyList<string> PropertyNames(PortalEvent portalEvent)
    {
        using var document = JsonDocument.Parse(portalEvent.Data);
        return [.. document.RootElement.EnumerateObject().Select(p => p.Name)];
    }

    public static JsonElement Property(PortalEvent portalEvent, string name)
    {
        using var document = JsonDocument.Parse(portalEvent.Data);
        return document.RootElement.GetProperty(name).Clone();
    }
}
