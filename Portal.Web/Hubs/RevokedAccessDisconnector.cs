using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Portal.Core.Domain;
using Portal.Core.Features.ApiClients;
using Portal.Web.Viewers;

namespace Portal.Web.Hubs;

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
