using System.Net;
using System.Text.RegularExpressions;

namespace Portal.Tests.Support;

/// <summary>Posts the portal's server-rendered forms the way a browser does, antiforgery token included.</summary>
public static partial class Forms
{
    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, string formName, Dictionary<string, string> fields)
    {
        var content = new Dictionary<string, string>(fields)
        {
            ["_handler"] = formName,
            ["__RequestVerificationToken"] = await TokenFromAsync(client, path),
        };
        return await client.PostAsync(path, new FormUrlEncodedContent(content));
    }

    /// <summary>Posts to an endpoint (say, <c>/account/logout</c>) with the form token of the page at <paramref name="pagePath"/>.</summary>
    public static async Task<HttpResponseMessage> PostToEndpointAsync(HttpClient client, string pagePath, string action, Dictionary<string, string> fields)
    {
        var content = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = await TokenFromAsync(client, pagePath) };
        return await client.PostAsync(action, new FormUrlEncodedContent(content));
    }

    private static async Task<string> TokenFromAsync(HttpClient client, string path)
    {
        var page = await client.GetAsync(path);
        var html = await page.Content.ReadAsStringAsync();
        var token = AntiforgeryToken().Match(html);
        return token.Success
            ? WebUtility.HtmlDecode(token.Groups[1].Value)
            : throw new InvalidOperationException($"{path} answered {(int)page.StatusCode} without a form token.");
    }

    /// <summary>Where a redirect points, as a path and query (the portal may answer with absolute URLs).</summary>
    public static string? RedirectPath(this HttpResponseMessage response) =>
        response.Headers.Location is not { } location ? null
        : location.IsAbsoluteUri ? location.PathAndQuery
        : location.OriginalString;

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
