using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Portal.Core.Domain;
using Portal.Core.Features.ApiClients;
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

/// <summary>
/// Closes open hub connections soon after their access is taken away: a program's when an Admin
/// revokes its key; a signed-in person's when they are disabled or deleted, their security stamp
/// changes (memberships or roles changed, disabled), or their audiences are no longer the ones the
/// connection reads as. Access is checked when a connection opens and its group is fixed then;
/// without this, a connection could keep receiving an audience's events for as long as it stayed
/// open. A closed client reconnects and reads as its identity now is (a stale cookie fails the
/// security-stamp check and reads as Public, or is refused).
/// </summary>
internal sealed class RevokedAccessDisconnector(
    HubConnections connections,
    IServiceScopeFactory scopes,
    IOptions<StatusHubOptions> options,
    TimeProvider clock,
    ILogger<RevokedAccessDisconnector> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RevokedKeyCheckInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await CloseRevokedKeysAsync(stoppingToken);
                await CloseChangedPeopleAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // One failed check (a busy database) must not end the checks for good.
                logger.LogError(exception, "Checking open hub connections for revoked access failed; trying again at the next check");
            }
        }
    }

    private async Task CloseRevokedKeysAsync(CancellationToken cancellationToken)
    {
        var open = connections.ApiClientIds;
        if (open.Count == 0)
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var clients = await scope.ServiceProvider.GetRequiredService<GetApiClients>().HandleAsync(Actor.System, cancellationToken);
        var revoked = clients.Where(c => c.RevokedAt is not null && open.Contains(c.Id)).Select(c => c.Id).ToHashSet();
        if (revoked.Count > 0)
        {
            var closed = connections.Abort(revoked);
            logger.LogInformation("Closed {Count} hub connections of revoked API keys {ApiClientIds}", closed, string.Join(", ", revoked));
        }
    }

    private async Task CloseChangedPeopleAsync(CancellationToken cancellationToken)
    {
        var people = connections.People;
        if (people.Count == 0)
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var claims = scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<PortalUser>>();
        foreach (var person in people)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var user = await users.FindByIdAsync(person.Key);
            var stamp = user is not null && users.SupportsUserSecurityStamp ? await users.GetSecurityStampAsync(user) : null;
            if (user is null || user.IsDisabled)
            {
                connections.RememberCurrentStamp(person.Key, stamp ?? string.Empty);
                Close(person, user is null ? "deleted" : "disabled");
                continue;
            }

            var now = CurrentViewer.From(await claims.CreateAsync(user));
            var changed = person.Where(c => (stamp is not null && c.SecurityStamp != stamp) || (!c.Previewing && !c.Viewer.Equals(now))).ToList();
            if (changed.Count > 0)
            {
                if (stamp is not null)
                {
                    connections.RememberCurrentStamp(person.Key, stamp);
                }

                Close(changed, person.Key, "access changed");
            }
        }
    }

    private void Close(IGrouping<string, HubConnections.PersonConnection> person, string why) => Close([.. person], person.Key, why);

    private void Close(IReadOnlyCollection<HubConnections.PersonConnection> closing, string userId, string why)
    {
        HubConnections.Abort(closing);
        logger.LogInformation("Closed {Count} hub connections of person {UserId}: {Reason}", closing.Count, userId, why);
    }
}
