using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Portal.Core;
using Portal.Core.Features.Statements;

namespace Portal.Web.Security;

/// <summary>
/// What the portal tells browsers to defend its pages with: a Content-Security-Policy,
/// <c>X-Content-Type-Options</c>, <c>Referrer-Policy</c>, HSTS and <c>Secure</c> cookies over https,
/// and no <c>Server</c> banner. See docs/security-browser.md.
/// </summary>
public static class BrowserDefences
{
    private const string NonceKey = "Portal.ScriptNonce";
    private const string NoncePlaceholder = "{nonce}";

    public static IServiceCollection AddBrowserDefences(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<KestrelServerOptions>(kestrel => kestrel.AddServerHeader = false);
        services.AddHsts(options => options.MaxAge = TimeSpan.FromDays(365));

        // Never downgrades a cookie that asks for Secure; upgrades every other one on an https request.
        services.Configure<CookiePolicyOptions>(options => options.Secure = CookieSecurePolicy.SameAsRequest);

        services.AddPortalSettings<ReverseProxyOptions, ReverseProxyOptionsValidator>(configuration, ReverseProxyOptions.Section);
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ReverseProxyOptions>>((options, reverseProxy) =>
        {
            // The client's address and scheme only: the portal never builds links from the Host header.
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.KnownIPNetworks.Clear();
            options.KnownProxies.Clear();
            foreach (var proxy in reverseProxy.Value.KnownProxies)
            {
                options.KnownProxies.Add(IPAddress.Parse(proxy));
            }
        });
        return services;
    }

    /// <summary>First in the pipeline: everything after it sees the client's real address and scheme, and https answers carry HSTS.</summary>
    public static WebApplication UseTransportDefences(this WebApplication app)
    {
        // With no proxy listed the middleware stays out: with empty lists it would believe anyone.
        if (app.Services.GetRequiredService<IOptions<ReverseProxyOptions>>().Value.KnownProxies.Count > 0)
        {
            app.UseForwardedHeaders();
        }

        if (!app.Environment.IsDevelopment())
        {
            // Only on https, and never for localhost: a developer's browser is not pinned to https.
            app.UseHsts();
        }

        return app;
    }

    /// <summary>
    /// After <see cref="UseTransportDefences"/> and routing: cookies, the Content-Security-Policy with this
    /// response's nonce, and the headers every answer carries.
    /// </summary>
    public static WebApplication UseBrowserDefences(this WebApplication app)
    {
        app.UseCookiePolicy();
        var imageSources = string.Concat(app.Services.GetRequiredService<StatementImageHosts>().Hosts.Order().Select(h => $" https://{h}"));

        // Everything but the nonce is the same for every response: split once around it.
        var policy = ContentSecurityPolicy(NoncePlaceholder, imageSources).Split(NoncePlaceholder);
        var (policyStart, policyEnd) = (policy[0], policy[1]);
        app.Use((context, next) =>
        {
            // Hexadecimal: nothing in it needs escaping in an HTML attribute.
            var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            context.Items[NonceKey] = nonce;

            // Now as well as on starting: a public page kept by the output cache is stored with the policy
            // whose nonce its body carries, and a cached answer brings that policy back with it.
            context.Response.Headers.ContentSecurityPolicy = string.Concat(policyStart, nonce, policyEnd);

            // On starting rather than now: an error page re-executed after a fault clears the headers first.
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;

                // None on a 304: the browser keeps the policy stored with its copy, whose nonce that copy's body
                // carries; this response's nonce would replace it and block the page's own script. Otherwise kept
                // when present (a cached public page's own, whose body carries its nonce; public pages hold no
                // one's secrets); set again when an error page's re-execution cleared the headers.
                if (context.Response.StatusCode == StatusCodes.Status304NotModified)
                {
                    headers.Remove(HeaderNames.ContentSecurityPolicy);
                }
                else if (!headers.ContentSecurityPolicy.ToString().Contains("script-src", StringComparison.Ordinal))
                {
                    headers.ContentSecurityPolicy = string.Concat(policyStart, nonce, policyEnd);
                }

                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
                return Task.CompletedTask;
            });
            return next(context);
        });
        return app;
    }

    /// <summary>The nonce that lets this response's own inline script (the import map) run; every rendered response has a new one.</summary>
    public static string ScriptNonce(HttpContext context) => context.Items[NonceKey] as string ?? "";

    private static string ContentSecurityPolicy(string nonce, string imageSources) => string.Join("; ",
        "default-src 'self'",
        // Scripts only from the portal, plus the one inline script the portal writes itself (the import map) by nonce.
        $"script-src 'self' 'nonce-{nonce}'",
        // MudBlazor positions and themes its components through style attributes and a <style> element
        // it writes at run time, which no nonce or hash can cover. Styles cannot run script; the
        // statement sanitiser removes style attributes and elements from anything an author writes.
        "style-src 'self' 'unsafe-inline'",
        // data: for the small icons in MudBlazor's style sheet; statement images from Portal:Markdown:ImageHosts.
        $"img-src 'self' data:{imageSources}",
        "font-src 'self' data:",
        // The circuit and the status hub: same origin, ws(s) included.
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'self'");
}
