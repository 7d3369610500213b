using System.Collections.Concurrent;
using System.Text.Json;
using Portal.Core.Domain;
using Portal.Core.Events;

namespace Portal.Tests.Support;

/// <summary>
/// Collects the events a viewer would be pushed. The stream publishes on the committing thread, so
/// by the time a use case returns, its events are here: no waiting needed.
/// </summary>
public sealed class EventRecorder : IDisposable
{
    private readonly ConcurrentQueue<PortalEvent> _events = new();
    private readonly IDisposable _subscription;

    public EventRecorder(PortalEventStream stream, Viewer viewer) =>
        _subscription = stream.Subscribe(viewer.Audiences, _events.Enqueue);

    public IReadOnlyList<PortalEvent> Events => [.. _events];

    public void Dispose() => _subscription.Dispose();
}

public static class PortalEventAssertions
{
    public static EventRecorder RecordEvents(this TestPortal portal, Viewer viewer) => new(portal.Events, viewer);

    /// <summary>The payload's property names, sorted, so a test can pin down exactly what an event reveals.</summary>
    public static string[] PayloadProperties(this PortalEvent portalEvent)
    {
        using var payload = JsonDocument.Parse(portalEvent.Data);
        return [.. payload.RootElement.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)];
    }

    public static T Payload<T>(this PortalEvent portalEvent) =>
        JsonSerializer.Deserialize<T>(portalEvent.Data, PortalEvent.PayloadJson)!;
}
