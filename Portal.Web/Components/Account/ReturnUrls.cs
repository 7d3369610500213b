namespace Portal.Web.Components.Account;

/// <summary>Keeps redirects (after sign-in, sign-out, a preview) on this site: anything else goes to the default page.</summary>
public static class ReturnUrls
{
    /// <summary>
    /// A local path like "/systems/payroll", with the same rules as ASP.NET Core's <c>IsLocalUrl</c>:
    /// not "//host" or "/\host" (browsers read both as another site), and no control characters
    /// (browsers drop a tab, turning "/\t/host" into "//host").
    /// </summary>
    public static bool IsLocal(string? returnUrl) =>
        returnUrl is { Length: > 0 } && returnUrl[0] == '/'
        && (returnUrl.Length == 1 || (returnUrl[1] != '/' && returnUrl[1] != '\\'))
        && !returnUrl.Any(char.IsControl);

    public static string Safe(string? returnUrl, string fallback = "/") => IsLocal(returnUrl) ? returnUrl! : fallback;
}
