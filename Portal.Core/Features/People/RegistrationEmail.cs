using Portal.Core.Domain;

namespace Portal.Core.Features.People;

/// <summary>
/// The checks every registration form applies to an email address: the invitations' own, so an address
/// is accepted only if the mail that follows can be sent to it (checked before anything is saved).
/// </summary>
internal static class RegistrationEmail
{
    public static string Check(string? email)
    {
        var checkedEmail = (email ?? "").Trim().ToLowerInvariant();
        if (InvitationRules.EmailProblem(checkedEmail) is { } problem)
        {
            throw new DomainException(problem);
        }

        return checkedEmail;
    }
}
