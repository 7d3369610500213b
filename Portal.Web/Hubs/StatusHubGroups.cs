using System.Collections.Concurrent;
using Portal.Core.Domain;

namespace Portal.Web.Hubs;

/// <summary>
/// The hub's groups: one per set of audiences that has connected (e.g. "audiences:public+suppliers").
/// Each connection is in exactly one, so an event sent to every group whose audiences meet the
/// event's reaches each connection at most once.
/// </summary>
/// <remarks>
/// Groups are kept once seen: there are only as many as combinations of configured audiences, and
/// sending to an empty group costs nothing, while removing one races with a connection joining it.
/// </remarks>
public sealed class StatusHubGroups
{
    private readonly ConcurrentDictionary<string, IReadOnlySet<string>> _groups = new(StringComparer.Ordinal);

    /// <summary>The group a connection of <paramref name="viewer"/> belongs in, registered for fan-out.</summary>
    public string GroupFor(Viewer viewer)
    {
        var name = $"audiences:{viewer.Key}";
        _groups.TryAdd(name, viewer.Audiences);
        return name;
    }

    /// <summary>Every group some of whose audiences may see an event for <paramref name="eventAudiences"/>.</summary>
    public IEnumerable<(string Name, IReadOnlySet<string> Audiences)> Meeting(IReadOnlyList<string> eventAudiences) =>
        _groups.Where(g => AudienceSet.Meets(eventAudiences, g.Value)).Select(g => (g.Key, g.Value));
}
