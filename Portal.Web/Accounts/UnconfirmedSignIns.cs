using Microsoft.AspNetCore.Identity;
using Portal.Core.Domain;

namespace Portal.Web.Accounts;

/// <summary>
/// Explains a sign-in Identity did not allow. A self-registered account has no password until its owner
/// confirms the address and chooses one there, so an unconfirmed account is refused exactly like a wrong
/// password: the refusal neither says the account exists nor checks a password that was never set.
/// (The sign-in page always links to "send the link again" for people who lost their link.)
/// </summary>
public sealed class UnconfirmedSignIns(UserManager<PortalUser> users)
{
    public const string NoMatch = "That email and password do not match an account.";

    public async Task<string> ExplainNotAllowedAsync(string email)
    {
        var person = await users.FindByEmailAsync(email);
        return person is { EmailConfirmed: false } ? NoMatch : "This account cannot sign in. Ask an administrator.";
    }
}
