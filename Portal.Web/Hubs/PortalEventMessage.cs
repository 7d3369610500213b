using System.Text.Json;
using Portal.Core.Events;
using Portal.Core.Features.Events;

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

/// <summary>The answer to <see cref="StatusHub.Resume"/>.</summary>
/// <param name="Events">The missed events, in sequence order; empty when <paramref name="TooFarBehind"/>.</param>
/// <param name="CurrentSequence">The sequence the client is current at once it has applied <paramref name="Events"/>.</param>
/// <param name="TooFarBehind">True when the client must call <see cref="StatusHub.GetSnapshot"/> instead of catching up by events.</param>
public sealed record ResumeResult(IReadOnlyList<PortalEventMessage> Events, long CurrentSequence, bool TooFarBehind)
{
    public static ResumeResult From(EventsAfter missed, IReadOnlySet<string> receiverAudiences) =>
        new([.. missed.Events.Select(e => PortalEventMessage.From(e, receiverAudiences))], missed.CurrentSequence, missed.TooFarBehind);
}
