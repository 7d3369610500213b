namespace Portal.Web.Components.Account;

/// <summary>Keeps redirects after sign-in on this site: anything else goes to the default page.</summary>
public static class ReturnUrls
{
    public static string Safe(string? returnUrl, string fallback = "/") =>
        returnUrl is { Length: > 0 } && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal)
            && !returnUrl.StartsWith("/\\", StringComparison.Ordinal)
            ? returnUrl
            : fallback;
}
