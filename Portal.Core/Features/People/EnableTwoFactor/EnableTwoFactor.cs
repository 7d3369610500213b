using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Domain;

namespace Portal.Core.Features.People;

public sealed record EnableTwoFactorRequest(string UserId, string Code);

/// <summary>Turns on two-factor sign-in once the person proves their app works; returns ten one-time recovery codes.</summary>
public sealed class EnableTwoFactor(IServiceScopeFactory scopes, TimeProvider clock)
{
    public async Task<IReadOnlyList<string>> HandleAsync(EnableTwoFactorRequest request, Actor actor, CancellationToken cancellationToken = default)
    {
        await using var change = await AccountChange.BeginAsync(scopes, cancellationToken);
        var person = await change.FindAsync(request.UserId);
        var code = request.Code.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        var valid = await change.Users.VerifyTwoFactorTokenAsync(person, change.Users.Options.Tokens.AuthenticatorTokenProvider, code);
        if (!valid)
        {
            throw new DomainException("That code is not right. Check the time on your phone and enter the current code.");
        }

        AccountChange.Check(await change.Users.SetTwoFactorEnabledAsync(person, true));
        var recoveryCodes = (await change.Users.GenerateNewTwoFactorRecoveryCodesAsync(person, 10))?.ToList() ?? [];
        await change.CommitAsync(actor, "account.two-factor.enabled", person, new { twoFactor = false }, new { twoFactor = true },
            clock.GetUtcNow(), cancellationToken);
        return recoveryCodes;
    }
}
