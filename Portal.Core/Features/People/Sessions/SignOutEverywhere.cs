using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Domain;

namespace Portal.Core.Features.People;

/// <summary>
/// Ends every sign-in of a person: each cookie they hold stops working at its next request, and
/// their open live pages and hub connections close at their next check. A person may do this for
/// themselves (a lost laptop); doing it for someone else needs the Admin role.
/// </summary>
public sealed class SignOutEverywhere(IServiceScopeFactory scopes, TimeProvider clock)
{
    /// <returns>How many sessions were ended.</returns>
    public async Task<int> HandleAsync(PersonRequest request, Actor actor, CancellationToken cancellationToken = default)
    {
        await using var change = await AccountChange.BeginAsync(scopes, cancellationToken);
        var person = await change.Users.FindByIdAsync(request.UserId);
        var own = person is not null && string.Equals(person.Email, actor.Name, StringComparison.OrdinalIgnoreCase);
        if (!own)
        {
            actor.Require(PortalRoles.Admin);
        }

        person ??= await change.FindAsync(request.UserId);
        var ended = await change.Db.PersonSessions.Where(s => s.UserId == person.Id).ExecuteDeleteAsync(cancellationToken);

        // Live pages and hub connections outlast the request that opened them; they watch the stamp.
        AccountChange.Check(await change.Users.UpdateSecurityStampAsync(person));
        await change.CommitAsync(actor, own ? "account.signed-out-everywhere" : "person.signed-out-everywhere", person,
            new { sessions = ended }, new { sessions = 0 }, clock.GetUtcNow(), cancellationToken);
        return ended;
    }
}
