using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Portal.Core.Domain;
using Portal.Web.Accounts;
using Portal.Web.Viewers;

namespace Portal.Web.Hubs;

/// <summary>
/// The open hub connections whose access can be taken away while they stay open: programs, by the
/// API client whose key they presented, and signed-in people (portal cookie), by user id with the
/// security stamp and audiences they connected with. Anonymous connections are not tracked.
/// </summary>
public sealed class HubConnections(IOptions<IdentityOptions> identityOptions)
{
    private readonly ConcurrentDictionary<string, (int ApiClientId, HubCallerContext Connection)> _apiClients = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, PersonConnection> _people = new(StringComparer.Ordinal);

    // The security stamp found current for people whose connections were closed: a reconnection with
    // the old cookie (before its own stamp check, up to a minute) is refused rather than let back in.
    private readonly ConcurrentDictionary<string, string> _currentStamps = new(StringComparer.Ordinal);

    /// <summary>A signed-in person's connection as it was authorised when it opened.</summary>
    /// <param name="UserId">The person's id.</param>
    /// <param name="SecurityStamp">The security stamp in their cookie (null when the cookie had none).</param>
    /// <param name="Viewer">The audiences the connection reads as.</param>
    /// <param name="Previewing">True while an Admin previews an audience: the audiences are the preview's, not their memberships.</param>
    /// <param name="Connection">The connection, to abort.</param>
    public sealed record PersonConnection(string UserId, string? SecurityStamp, Viewer Viewer, bool Previewing, HubCallerContext Connection);

    /// <summary>Starts watching <paramref name="connection"/>; false when it carries access already known to be taken away.</summary>
    public bool Track(HubCallerContext connection)
    {
        var user = connection.User ?? new ClaimsPrincipal();
        if (ApiKeyAuthenticationHandler.ApiClientIdOf(user) is { } id)
        {
            _apiClients[connection.ConnectionId] = (id, connection);
        }
        else if (user.Identity?.IsAuthenticated == true && user.FindFirstValue(identityOptions.Value.ClaimsIdentity.UserIdClaimType) is { Length: > 0 } userId)
        {
            var stamp = user.FindFirstValue(identityOptions.Value.ClaimsIdentity.SecurityStampClaimType);
            if (_currentStamps.TryGetValue(userId, out var current) && current != stamp)
            {
                return false;
            }

            _people[connection.ConnectionId] = new PersonConnection(userId, stamp, CurrentViewer.From(user), AudiencePreview.AudienceOf(user) is not null, connection);
        }

        return true;
    }

    /// <summary>Remembers a person's security stamp as it is now (an empty one for a deleted person), so older cookies are refused.</summary>
    public void RememberCurrentStamp(string userId, string stamp) => _currentStamps[userId] = stamp;

    public void Forget(string connectionId)
    {
        _apiClients.TryRemove(connectionId, out _);
        _people.TryRemove(connectionId, out _);
    }

    public IReadOnlySet<int> ApiClientIds => _apiClients.Values.Select(c => c.ApiClientId).ToHashSet();

    /// <summary>The open connections of signed-in people, grouped by user id.</summary>
    public ILookup<string, PersonConnection> People => _people.Values.ToLookup(c => c.UserId, StringComparer.Ordinal);

    /// <summary>Closes every connection of the given clients; returns how many were closed.</summary>
    public int Abort(IReadOnlySet<int> apiClientIds)
    {
        var closing = _apiClients.Values.Where(c => apiClientIds.Contains(c.ApiClientId)).ToList();
        foreach (var (_, connection) in closing)
        {
            connection.Abort();
        }

        return closing.Count;
    }

    /// <summary>Closes the given people's connections.</summary>
    public static void Abort(IEnumerable<PersonConnection> connections)
    {
        foreach (var person in connections)
        {
            person.Connection.Abort();
        }
    }
}
