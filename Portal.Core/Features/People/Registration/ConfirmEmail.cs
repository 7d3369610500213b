using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Domain;

namespace Portal.Core.Features.People;

public sealed record ConfirmEmailRequest(string UserId, string Code);

/// <summary>
/// Confirms a self-registered person's address with the code from their link. The link works once:
/// afterwards (or when it is unknown, altered or more than a day old) it is refused with one message
/// that says what to do, and confirming changes the security stamp so the same code never works again.
/// </summary>
public sealed class ConfirmEmail(IServiceScopeFactory scopes, TimeProvider clock)
{
    public const string InvalidLinkMessage =
        "This confirmation link does not work: it has already been used, has expired (links last a day) or was not copied whole. "
        + "If you have confirmed your address, sign in; otherwise sign in to have a new link sent.";

    /// <returns>The confirmed address.</returns>
    public async Task<string> HandleAsync(ConfirmEmailRequest request, string? address, CancellationToken cancellationToken = default)
    {
        await using var change = await AccountChange.BeginAsync(scopes, cancellationToken);
        var person = request.UserId is { Length: > 0 and <= 100 } ? await change.Users.FindByIdAsync(request.UserId) : null;
        if (person is null || person.EmailConfirmed || Decode(request.Code) is not { } token)
        {
            throw new DomainException(InvalidLinkMessage);
        }

        var confirmed = await change.Users.ConfirmEmailAsync(person, token);
        if (!confirmed.Succeeded)
        {
            throw new DomainException(InvalidLinkMessage);
        }

        AccountChange.Check(await change.Users.UpdateSecurityStampAsync(person));
        await change.CommitAsync(new Actor(person.Email!, address), "person.email-confirmed", person,
            new { EmailConfirmed = false }, new { EmailConfirmed = true }, clock.GetUtcNow(), cancellationToken);
        return person.Email!;
    }

    private static string? Decode(string? code)
    {
        if (code is not { Length: > 0 and <= 2_000 })
        {
            return null;
        }

        try
        {
            return Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(code));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

/// <summary>The account and new code to send a confirmation link to again.</summary>
public sealed record ConfirmationToResend(string Email, string DisplayName, string UserId, string ConfirmationCode);

/// <summary>
/// A new confirmation link for an address whose account is not confirmed yet; null for any other
/// address (unknown, or already confirmed), which the caller answers exactly as if it had sent one.
/// </summary>
public sealed class ResendConfirmation(IServiceScopeFactory scopes)
{
    public async Task<ConfirmationToResend?> HandleAsync(string email, CancellationToken cancellationToken = default)
    {
        string checkedEmail;
        try
        {
            checkedEmail = RegistrationEmail.Check(email);
        }
        catch (DomainException)
        {
            return null;
        }

        await using var change = await AccountChange.BeginAsync(scopes, cancellationToken);
        var person = await change.Users.FindByEmailAsync(checkedEmail);
        return person is { EmailConfirmed: false, IsDisabled: false }
            ? new ConfirmationToResend(person.Email!, person.DisplayName, person.Id, await RegisterViewer.ConfirmationCodeAsync(change.Users, person))
            : null;
    }
}
