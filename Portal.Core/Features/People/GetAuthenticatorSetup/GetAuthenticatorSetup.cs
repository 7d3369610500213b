using Microsoft.Extensions.DependencyInjection;

namespace Portal.Core.Features.People;

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
            // A key that two-factor does not use yet grants nothing, so it is written without changing
            // the security stamp: ResetAuthenticatorKeyAsync changes it, which signed the person out of
            // every other session within a minute merely for opening this page.
            key = change.Users.GenerateNewAuthenticatorKey();
            await change.AuthenticatorKeys.SetAuthenticatorKeyAsync(person, key, cancellationToken);
            AccountChange.Check(await change.Users.UpdateAsync(person));
        }

        await change.CommitTransactionAsync(cancellationToken);
        var uri = $"otpauth://totp/{Uri.EscapeDataString(Issuer)}:{Uri.EscapeDataString(person.Email!)}?secret={key}&issuer={Uri.EscapeDataString(Issuer)}&digits=6";
        return new AuthenticatorSetup(key!, uri);
    }
}
