using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Domain;

namespace Portal.Core.Features.People;

/// <param name="Password">The password the person chooses now: registration takes none.</param>
public sealed record ConfirmEmailRequest(string UserId, string Code, string Password);

/// <summary>
/// Confirms a self-registered person's address with the code from their link and sets the password they
/// choose there. The password is chosen here, not at registration, because only the address's owner can
/// open the link: someone who registers another person's address cannot choose the password it signs in
/// with. Checking the code, setting the password (Identity's rules apply), confirming and changing the
/// security stamp (so the code works once) happen in one transaction. A used, unknown, altered or
/// expired link is refused with one message that says what to do.
/// </summary>
public sealed class ConfirmEmail(IServiceScopeFactory scopes, TimeProvider clock)
{
    public const string InvalidLinkMessage =
        "This confirmation link does not work: it has already been used, has expired (links last a day), was replaced by a newer one "
        + "or was not copied whole. If you have confirmed your address, sign in; otherwise have a new link sent.";

    public const int PasswordMaxLength = 200;

    /// <returns>The confirmed address.</returns>
    public async Task<string> HandleAsync(ConfirmEmailRequest request, string? address, CancellationToken cancellationToken = default)
    {
        await using var change = await AccountChange.BeginAsync(scopes, cancellationToken);
        var person = request.UserId is { Length: > 0 and <= 100 } ? await change.Users.FindByIdAsync(request.UserId) : null;
        if (person is null || person.EmailConfirmed || LinkCode.Decode(request.Code) is not { } token)
        {
            throw new DomainException(InvalidLinkMessage);
        }

        // The link is checked first, so a bad link is reported as such whatever the password.
        var confirmed = await change.Users.ConfirmEmailAsync(person, token);
        if (!confirmed.Succeeded)
        {
            throw new DomainException(InvalidLinkMessage);
        }

        if (string.IsNullOrEmpty(request.Password) || request.Password.Length > PasswordMaxLength)
        {
            throw new DomainException($"Choose a password of at most {PasswordMaxLength} characters.");
        }

        // Refused by Identity's rules: the transaction is not committed, so the link still works.
        // An account that somehow has a password already gets the new one in its place.
        if (await change.Users.HasPasswordAsync(person))
        {
            AccountChange.Check(await change.Users.RemovePasswordAsync(person));
        }

        AccountChange.Check(await change.Users.AddPasswordAsync(person, request.Password));
        AccountChange.Check(await change.Users.UpdateSecurityStampAsync(person));
        await change.CommitAsync(new Actor(person.Email!, address), "person.email-confirmed", person,
            new { EmailConfirmed = false, PasswordSet = false }, new { EmailConfirmed = true, PasswordSet = true }, clock.GetUtcNow(), cancellationToken);
        return person.Email!;
    }

}
