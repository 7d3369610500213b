using Microsoft.Extensions.DependencyInjection;

namespace Portal.Core.Features.People;

/// <summary>The account and one-time code a password reset link is mailed for.</summary>
public sealed record PasswordResetToSend(string Email, string DisplayName, string UserId, string ResetCode);

/// <summary>
/// Someone who forgot their password asks for a reset link: a code for an address with an active, confirmed
/// account; null for any other address (unknown, disabled, not confirmed yet), which the caller answers exactly
/// as if it had sent one, so the form reveals no accounts.
/// </summary>
public sealed class RequestPasswordReset(IServiceScopeFactory scopes)
{
    public async Task<PasswordResetToSend?> HandleAsync(string email, CancellationToken cancellationToken = default)
    {
        if (RegistrationEmail.TryCheck(email) is not { } checkedEmail)
        {
            return null;
        }

        await using var change = await AccountChange.BeginAsync(scopes, cancellationToken);
        var person = await change.Users.FindByEmailAsync(checkedEmail);
        return person is { EmailConfirmed: true, IsDisabled: false }
            ? await PasswordResetCode.ForAsync(change, person)
            : null;
    }
}
