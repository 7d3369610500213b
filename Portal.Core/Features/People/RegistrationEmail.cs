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

    /// <summary>The checked address, or null when <see cref="Check"/> would refuse it: for forms that answer every address alike.</summary>
    public static string? TryCheck(string? email)
    {
        var checkedEmail = (email ?? "").Trim().ToLowerInvariant();
        return InvitationRules.EmailProblem(checkedEmail) is null ? checkedEmail : null;
    }
}
