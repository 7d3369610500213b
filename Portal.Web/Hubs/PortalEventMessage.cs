using System.Text.Json;
using Portal.Core.Events;

namespace Portal.Web.Hubs;

/// <summary>
/// One event as a hub client receives it (camelCase JSON): the global sequence, the type (one of
/// <see cref="PortalEventTypes"/>), when it happened, the audiences it is for, and its payload as a JSON object.
/// </summary>
/// <param name="Audiences">The event's audiences that the receiving connection belongs to, never the others.</param>
public sealed record PortalEventMessage(long Sequence, string Type, DateTimeOffset OccurredAt, IReadOnlyList<string> Audiences, JsonElement Data)
{
    public static PortalEventMessage From(PortalEvent portalEvent, IReadOnlySet<string> receiverAudiences)
    {
        using var data = JsonDocument.Parse(portalEvent.Data);
        return new PortalEventMessage(
            portalEvent.Sequence,
            portalEvent.Type,
            portalEvent.OccurredAt,
            [.. portalEvent.Audiences.Where(receiverAudiences.Contains)],
            data.RootElement.Clone());
    }
}
