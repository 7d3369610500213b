using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace Portal.Core.Features.People;

/// <summary>Identity's one-time tokens (email confirmation, password reset) made safe for a link, and read back from one.</summary>
internal static class LinkCode
{
    public static string Encode(string token) => WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token));

    /// <summary>The token a link's code carries, or null for a code no link of ours could hold.</summary>
    public static string? Decode(string? code)
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
