namespace Portal.Web.Components.Account;

/// <summary>Keeps redirects (after sign-in, sign-out, a preview) on this site: anything else goes to the default page.</summary>
public static class ReturnUrls
{
    /// <summary>
    /// A local path like "/systems/payroll", with the same rules as ASP.NET Core's <c>IsLocalUrl</c>:
    /// not "//host" or "/\host" (browsers read both as another site), and no control characters
    /// (browsers drop a tab, turning "/\t/host" into "//host"). Only visible ASCII: the portal's own
    /// addresses are ASCII, and anything else cannot go into a Location header as it is (a
    /// full-width "／" would also read as a slash to some browsers).
    /// </summary>
    public static bool IsLocal(string? returnUrl) =>
        returnUrl is { Length: > 0 } && returnUrl[0] == '/'
        && (returnUrl.Length == 1 || (returnUrl[1] != '/' && returnUrl[1] != '\\'))
        && returnUrl.All(c => c is > ' ' and < '\u007f');

    public static string Safe(string? returnUrl, string fallback = "/") => IsLocal(returnUrl) ? returnUrl! : fallback;
}
