using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Portal.Core.Domain;
using Portal.Core.Features.ApiClients;
using Portal.Web.Accounts;

namespace Portal.Web.Hubs;

/// <summary>The open hub connections of programs, by the API client whose key they presented.</summary>
public sealed class ApiClientConnections
{
    private readonly ConcurrentDictionary<string, (int ApiClientId, HubCallerContext Connection)> _connections = new(StringComparer.Ordinal);

    public void Track(HubCallerContext connection)
    {
        if (ApiKeyAuthenticationHandler.ApiClientIdOf(connection.User ?? new ClaimsPrincipal()) is { } id)
        {
            _connections[connection.ConnectionId] = (id, connection);
        }
    }

    public void Forget(string connectionId) => _connections.TryRemove(connectionId, out _);

    public IReadOnlySet<int> ApiClientIds => _connections.Values.Select(c => c.ApiClientId).ToHashSet();

    /// <summary>Closes every connection of the given clients; returns how many were closed.</summary>
    public int Abort(IReadOnlySet<int> apiClientIds)
    {
        var closing = _connections.Values.Where(c => apiClientIds.Contains(c.ApiClientId)).ToList();
        foreach (var (_, connection) in closing)
        {
            connection.Abort();
        }

        return closing.Count;
    }
}

/// <summary>
/// Closes the open connections of a key soon after an Admin revokes it. A key is checked when a
/// connection opens; without this, a program could keep reading for as long as it stayed connected.
/// </summary>
internal sealed class RevokedKeyDisconnector(
    ApiClientConnections connections,
    IServiceScopeFactory scopes,
    IOptions<StatusHubOptions> options,
    TimeProvider clock,
    ILogger<RevokedKeyDisconnector> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RevokedKeyCheckInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var open = connections.ApiClientIds;
            if (open.Count == 0)
            {
                continue;
            }

            await using var scope = scopes.CreateAsyncScope();
            var clients = await scope.ServiceProvider.GetRequiredService<GetApiClients>().HandleAsync(Actor.System, stoppingToken);
            var revoked = clients.Where(c => c.RevokedAt is not null && open.Contains(c.Id)).Select(c => c.Id).ToHashSet();
            if (revoked.Count > 0)
            {
                var closed = connections.Abort(revoked);
                logger.LogInformation("Closed {Count} hub connections of revoked API keys {ApiClientIds}", closed, string.Join(", ", revoked));
            }
        }
    }
}
