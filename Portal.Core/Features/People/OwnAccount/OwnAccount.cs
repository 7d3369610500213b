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

public sealed record AuthenticatorSetup(string SharedKey, string AuthenticatorUri);

/// <summary>The key a person scans into their authenticator app (created on first use).</summary>
public sealed class GetAuthenticatorSetup(IServiceScopeFactory scopes)
{
    public const string Issuer = "Estate Status Portal";

    public async Task<AuthenticatorSetup> HandleAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var change = await AccountChange.BeginAsync(scopes, cancellationToken);
        var person = await change.FindAsync(userId);
        var key = await change.Users.GetAuthenticatorKeyAsync(person);
        if (string.IsNullOrEmpty(key))
        {
            AccountChange.Check(await change.Users.ResetAuthenticatorKeyAsync(person));
            key = await change.Users.GetAuthenticatorKeyAsync(person);
        }

        await change.CommitTransactionAsync(cancellationToken);
        var uri = $"otpauth://totp/{Uri.EscapeDataString(Issuer)}:{Uri.EscapeDataString(person.Email!)}?secret={key}&issuer={Uri.EscapeDataString(Issuer)}&digits=6";
        return new AuthenticatorSetup(key!, uri);
    }
}

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
