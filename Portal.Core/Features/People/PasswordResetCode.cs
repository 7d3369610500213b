using Portal.Core.Domain;

namespace Portal.Core.Features.People;

/// <summary>
/// Identity's password reset token, made safe for a link. The token carries the security stamp, and a reset
/// changes the stamp, so a link works once; it lasts as long as Identity's token lifespan (a day).
/// </summary>
internal static class PasswordResetCode
{
    public static async Task<PasswordResetToSend> ForAsync(AccountChange change, PortalUser person)
    {
        var token = await change.Users.GeneratePasswordResetTokenAsync(person);
        return new PasswordResetToSend(person.Email!, person.DisplayName, person.Id, LinkCode.Encode(token));
    }

}
