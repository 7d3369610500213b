using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.SignalR.Client;
using Portal.Tests.Support;

namespace Portal.Tests.Isolation;

/// <summary>
/// A person's browser (a visitor) against the portal on a loopback port: an <see cref="HttpClient"/> that keeps
/// cookies in a <see cref="CookieContainer"/> (so a hub connection can carry the same cookies) and
/// does not follow redirects.
/// </summary>
public sealed partial class Visitor : IDisposable
{
    private Visitor(Uri address, string name)
    {
        Address = address;
        Name = name;
        Http = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false, UseCookies = true })
        {
            BaseAddress = address,
            Timeout = TimeSpan.FromSeconds(30),
        };
    }

    public Uri Address { get; }

    public string Name { get; }

    public CookieContainer Cookies { get; } = new();

    public HttpClient Http { get; }

    public static Visitor Anonymous(Uri address, string name = "anonymous") => new(address, name);

    public static async Task<Visitor> SignedInAsync(Uri address, string email, string? name = null)
    {
        var browser = new Visitor(address, name ?? email);
        var response = await Forms.PostAsync(browser.Http, "/account/login", "login", new()
        {
            ["Input.Email"] = email,
            ["Input.Password"] = PortalWebApp.Password,
        });
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Signing in as {email} answered {(int)response.StatusCode}.");
        }

        return browser;
    }

    /// <summary>Posts <paramref name="fields"/> to <paramref name="action"/> with the antiforgery token of a form on <paramref name="formPage"/>.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string formPage, string action, Dictionary<string, string> fields)
    {
        var html = await Http.GetStringAsync(formPage);
        var token = AntiforgeryToken().Match(html);
        if (!token.Success)
        {
            throw new InvalidOperationException($"{formPage} has no form token for {Name}.");
        }

        return await Http.PostAsync(action, new FormUrlEncodedContent(new Dictionary<string, string>(fields)
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
        }));
    }

    /// <summary>Starts previewing <paramref name="audience"/> from the console's overview, as an Admin does.</summary>
    public Task<HttpResponseMessage> PreviewAsync(string audience, string returnUrl = "/") =>
        PostFormAsync("/admin", "/admin/preview", new() { ["audience"] = audience, ["returnUrl"] = returnUrl });

    public string? Cookie(string name) => Cookies.GetCookies(Address)[name]?.Value;

    /// <summary>A hub connection that presents this browser's cookies, as our own pages' neighbours would.</summary>
    public HubConnection HubConnection() =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(Address, "/hubs/status"), options => options.Cookies = Cookies)
            .Build();

    public void Dispose() => Http.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
