using System.Globalization;

namespace Portal.Core.Features.People;

/// <summary>
/// How long an invitation's link works, in the one wording the invitation mail and the console's
/// lists both use, so the person invited and the Admin read the same deadline.
/// </summary>
public static class InvitationValidity
{
    /// <summary>"works once, until 2 Dec 2026, 14:05 UTC".</summary>
    public static string Describe(DateTimeOffset expiresAt) =>
        "works once, until " + expiresAt.UtcDateTime.ToString("d MMM yyyy, HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
