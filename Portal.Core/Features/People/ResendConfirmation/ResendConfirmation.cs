using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Domain;

namespace Portal.Core.Features.People;

/// <summary>The account and new code to send a confirmation link to again.</summary>
public sealed record ConfirmationToResend(string Email, string DisplayName, string UserId, string ConfirmationCode);

/// <summary>
/// A new confirmation link for an address whose account is not confirmed yet (earlier links stop working);
/// null for any other address (unknown, or already confirmed), which the caller answers exactly as if it had sent one.
/// </summary>
public sealed class ResendConfirmation(IServiceScopeFactory scopes)
{
    public async Task<ConfirmationToResend?> HandleAsync(string email, CancellationToken cancellationToken = default)
    {
        if (RegistrationEmail.TryCheck(email) is not { } checkedEmail)
        {
            return null;
        }

        await using var change = await AccountChange.BeginAsync(scopes, cancellationToken);
        var person = await change.Users.FindByEmailAsync(checkedEmail);
        return person is { EmailConfirmed: false, IsDisabled: false }
            ? await NewLinkAsync(change, person, cancellationToken)
            : null;
    }

    // A new stamp retires the links sent before, so only the newest one works.
    private static async Task<ConfirmationToResend> NewLinkAsync(AccountChange change, PortalUser person, CancellationToken cancellationToken)
    {
        var code = await RegisterViewer.NewConfirmationCodeAsync(change.Users, person);
        await change.CommitTransactionAsync(cancellationToken);
        return new ConfirmationToResend(person.Email!, person.DisplayName, person.Id, code);
    }
}
