using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Domain;

namespace Portal.Core.Features.People;

public sealed record ChangeOwnPasswordRequest(string UserId, string CurrentPassword, string NewPassword);

/// <summary>A person changes their own password (required at first sign-in for the bootstrap administrator).</summary>
public sealed class ChangeOwnPassword(IServiceScopeFactory scopes, TimeProvider clock)
{
    public async Task HandleAsync(ChangeOwnPasswordRequest request, Actor actor, CancellationToken cancellationToken = default)
    {
        await using var change = await AccountChange.BeginAsync(scopes, cancellationToken);
        var person = await change.FindAsync(request.UserId);
        AccountChange.Check(await change.Users.ChangePasswordAsync(person, request.CurrentPassword, request.NewPassword));
        person.PasswordChanged();
        AccountChange.Check(await change.Users.UpdateAsync(person));
        await change.CommitAsync(actor, "account.password.changed", person, null, null, clock.GetUtcNow(), cancellationToken);
    }
}
