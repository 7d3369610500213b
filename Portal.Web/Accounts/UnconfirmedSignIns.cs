using Microsoft.AspNetCore.Identity;
using Portal.Core.Domain;

namespace Portal.Web.Accounts;

/// <summary>What the sign-in page says when Identity did not allow a sign-in, and whether it offers to send the confirmation link again.</summary>
public sealed record SignInRefusal(string Message, bool OffersResend);

/// <summary>
/// Explains a refused sign-in. Identity refuses an unconfirmed address before it looks at the password, so
/// the password is checked here (a wrong one counts towards lockout like any other): only the person who
/// knows it learns that the account waits for confirmation.
/// </summary>
public sealed class UnconfirmedSignIns(UserManager<PortalUser> users)
{
    public const string ConfirmFirst = "Confirm your email address first — we sent you a link.";

    public async Task<SignInRefusal> ExplainNotAllowedAsync(string email, string password)
    {
        var person = await users.FindByEmailAsync(email);
        if (person is null || person.EmailConfirmed || person.IsDisabled)
        {
            return new SignInRefusal("This account cannot sign in. Ask an administrator.", OffersResend: false);
        }

        if (await users.IsLockedOutAsync(person))
        {
            return new SignInRefusal(
                "Too many failed attempts: this account is locked for 15 minutes. Try again later or ask an administrator.", OffersResend: false);
        }

        if (!await users.CheckPasswordAsync(person, password))
        {
            await users.AccessFailedAsync(person);
            return new SignInRefusal("That email and password do not match an account.", OffersResend: false);
        }

        await users.ResetAccessFailedCountAsync(person);
        return new SignInRefusal(ConfirmFirst, OffersResend: true);
    }
}
