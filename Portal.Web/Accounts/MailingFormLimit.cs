using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Portal.Core;

namespace Portal.Web.Accounts;

/// <summary>
/// The forms that send mail — self-registration, sending the confirmation link again, asking for a password reset link and subscribing by email — accept only
/// a few posts per client address in a window, so nobody can use the portal to fill a stranger's
/// inbox or its outbox. Everything else is unaffected (sign-in has its own <see cref="SignInThrottle"/>).
/// </summary>
internal static class MailingFormLimit
{
    public static readonly string[] Paths = ["/account/register", "/account/resend-confirmation", "/account/forgot-password", "/subscribe"];

    public static IServiceCollection AddMailingFormLimit(this IServiceCollection services) =>
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                IsMailingFormPost(context.Request)
                    ? RateLimitPartition.GetFixedWindowLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "unknown", _ =>
                    {
                        var limit = context.RequestServices.GetRequiredService<IOptions<PortalOptions>>().Value;
                        return new FixedWindowRateLimiterOptions { PermitLimit = limit.MailingFormPosts, Window = limit.MailingFormWindow };
                    })
                    : RateLimitPartition.GetNoLimiter("other"));
            options.OnRejected = async (rejected, cancellationToken) =>
            {
                var response = rejected.HttpContext.Response;
                if (rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                response.ContentType = "text/html; charset=utf-8";
                var back = WebUtility.HtmlEncode(rejected.HttpContext.Request.Path.Value ?? "/");
                await response.WriteAsync(
                    $"""
                    <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Too many attempts · Estate status</title></head>
                    <body><main><h1>Too many attempts</h1>
                    <p>This form has been sent too often from your network. Nothing was sent; wait a few minutes and <a href="{back}">try again</a>.</p>
                    </main></body></html>
                    """, cancellationToken);
            };
        });

    /// <summary>
    /// The rate limiter, for the requests it can limit: a mailing form's post (the global limiter above) and
    /// an endpoint with a rate-limiting policy (the keyed API). It looks every request it sees up in its
    /// partitions under one lock that all requests share, about a tenth of an anonymous read's time on
    /// the server; a request it could never limit skips it.
    /// </summary>
    public static WebApplication UseMailingFormAndEndpointLimits(this WebApplication app)
    {
        app.UseWhen(
            context => IsMailingFormPost(context.Request) || context.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>() is not null,
            limited => limited.UseRateLimiter());
        return app;
    }

    // Routing also answers "/account/register/", so the trailing slash must not escape the limit.
    private static bool IsMailingFormPost(HttpRequest request) =>
        HttpMethods.IsPost(request.Method)
        && Paths.Any(path => (request.Path.Value ?? "").TrimEnd('/').Equals(path, StringComparison.OrdinalIgnoreCase));
}
