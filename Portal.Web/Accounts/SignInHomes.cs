using Microsoft.AspNetCore.Identity;
using Portal.Core.Domain;

namespace Portal.Web.Accounts;

/// <summary>
/// Where a person lands after signing in when no return address says otherwise: staff in the
/// console, viewers on the page of their first audience (by key order), anyone else on the board.
/// </summary>
public sealed class SignInHomes(UserManager<PortalUser> users)
{
    public const string Console = "/admin";

    /// <summary>The audiences that have a page of their own, at <c>/{key}</c>.</summary>
    public static IReadOnlySet<string> AudiencePages { get; } = new HashSet<string>(StringComparer.Ordinal) { "colleagues", "suppliers", "retailers" };

    public async Task<string> ForAsync(string email)
    {
        var person = await users.FindByEmailAsync(email.Trim());
        if (person is null)
        {
            return "/";
        }

        if ((await users.GetRolesAsync(person)).Any(PortalRoles.All.Contains))
        {
            return Console;
        }

        var first = (await users.GetClaimsAsync(person))
            .Where(c => c.Type == AudienceMembership.ClaimType)
            .Select(c => c.Value)
            .Order(StringComparer.Ordinal)
            .FirstOrDefault();
        return first is not null && AudiencePages.Contains(first) ? $"/{first}" : "/";
    }
}
