using System.Text.Json;
using System.Text.Json.Serialization;
using Portal.Core.Domain;

namespace Portal.Core.Events;

/// <summary>
/// One entry of the append-only event log. <see cref="Sequence"/> is global and assigned by the
/// database in commit order, so a client that has seen everything up to N can resume after N and
/// never miss an event numbered below it. (SQLite has a single writer, so insertion order is commit
/// order; a multi-writer database needs the sequence assigned under a lock at commit instead.)
/// </summary>
public sealed class PortalEvent : IAudienceRestricted
{
    public const int TypeMaxLength = 60;

    /// <summary>The JSON options every event payload is written with (camelCase, enums as strings).</summary>
    public static readonly JsonSerializerOptions PayloadJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    private PortalEvent()
    {
    }

    private PortalEvent(string type, IEnumerable<string> audiences, string data, DateTimeOffset occurredAt)
    {
        Type = type;
        Audiences = AudienceSet.Normalise(audiences);
        Data = data;
        OccurredAt = occurredAt;
    }

    public long Sequence { get; private set; }

    /// <summary>One of <see cref="PortalEventTypes"/>.</summary>
    public string Type { get; private set; } = "";

    public DateTimeOffset OccurredAt { get; private set; }

    /// <summary>Who may receive this event; its payload holds only what they may all see.</summary>
    public List<string> Audiences { get; private set; } = [];

    /// <summary>The payload as camelCase JSON.</summary>
    public string Data { get; private set; } = "{}";

    public static PortalEvent Create<TData>(string type, IEnumerable<string> audiences, TData data, DateTimeOffset at) =>
        new(type, audiences, JsonSerializer.Serialize(data, PayloadJson), at);

    public bool IsVisibleTo(IReadOnlySet<string> viewerAudiences) => AudienceSet.Meets(Audiences, viewerAudiences);
}
