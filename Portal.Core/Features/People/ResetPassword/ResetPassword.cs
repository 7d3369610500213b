using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Domain;

namespace Portal.Core.Features.People;

public sealed record ResetPasswordRequest(string UserId, string Code, string NewPassword);

/// <summary>
/// Sets a new password with the code from a reset link. Identity's password rules apply; the new security
/// stamp signs the person out everywhere and retires the link. Two-factor stays as it was, so a mailbox alone
/// never gets past an authenticator.
/// </summary>
public sealed class ResetPassword(IServiceScopeFactory scopes, TimeProvider clock)
{
    public const string InvalidLinkMessage =
        "This password reset link does not work: it has already been used, has expired (links last a day), was replaced "
        + "by a newer one or was not copied whole. Ask for a new link.";

    public async Task HandleAsync(ResetPasswordRequest request, string? address, CancellationToken cancellationToken = default)
    {
        await using var change = await AccountChange.BeginAsync(scopes, cancellationToken);
        var person = request.UserId is { Length: > 0 and <= 100 } ? await change.Users.FindByIdAsync(request.UserId) : null;
        if (person is null || person.IsDisabled || LinkCode.Decode(request.Code) is not { } token)
        {
            throw new DomainException(InvalidLinkMessage);
        }

        if (string.IsNullOrEmpty(request.NewPassword) || request.NewPassword.Length > ConfirmEmail.PasswordMaxLength)
        {
            throw new DomainException($"Choose a password of at most {ConfirmEmail.PasswordMaxLength} characters.");
        }

        if (!await change.Users.VerifyUserTokenAsync(person, change.Users.Options.Tokens.PasswordResetTokenProvider,
                UserManager<PortalUser>.ResetPasswordTokenPurpose, token))
        {
            throw new DomainException(InvalidLinkMessage);
        }

        // Identity's rules refuse a weak password here; nothing is committed, so the link still works.
        AccountChange.Check(await change.Users.ResetPasswordAsync(person, token, request.NewPassword));
        person.PasswordChanged();
        AccountChange.Check(await change.Users.UpdateAsync(person));

        // Every browser still signed in (perhaps whoever guessed the old password) is signed out; live pages follow the new stamp.
        await change.Db.PersonSessions.Where(s => s.UserId == person.Id).ExecuteDeleteAsync(cancellationToken);

        // Whoever holds the mailbox may sign in now, even after failed attempts locked the account.
        AccountChange.Check(await change.Users.SetLockoutEndDateAsync(person, null));
        AccountChange.Check(await change.Users.ResetAccessFailedCountAsync(person));
        await change.CommitAsync(new Actor(person.Email!, address), "account.password.reset", person, null, new { passwordReset = true },
            clock.GetUtcNow(), cancellationToken);
    }
}
