using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Portal.Core.Domain;
using Portal.Core.Features.Audiences;
using Portal.Web.Components.Account;
using Portal.Web.Viewers;

namespace Portal.Web.Api;

public static class PreviewEndpoints
{
    public const string Path = "/admin/preview";

    /// <summary>The form value of <c>audience</c> that ends a preview.</summary>
    public const string Stop = "stop";

    /// <summary>
    /// <c>POST /admin/preview</c> (form, antiforgery-checked, Admin only): <c>audience</c> is an
    /// audience key to read the portal as that audience, or <c>stop</c>; then back to <c>returnUrl</c>.
    /// Under <c>/admin</c> so the console's gate (new password, two-factor) applies first.
    /// </summary>
    public static IEndpointRouteBuilder MapPreviewEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(Path, async Task<Results<RedirectHttpResult, ValidationProblem>> (
                HttpContext context,
                AudiencePreview preview,
                GetAudiences getAudiences,
                ILoggerFactory loggers,
                [FromForm] string? audience,
                [FromForm] string? returnUrl) =>
            {
                var user = context.User;
                if (audience == Stop)
                {
                    AudiencePreview.Stop(context);
                    return TypedResults.LocalRedirect(ReturnUrls.Safe(returnUrl, "/admin"));
                }

                var key = audience?.Trim().ToLowerInvariant();
                var known = await getAudiences.HandleAsync(context.RequestAborted);
                if (known.FirstOrDefault(a => a.Key == key) is not { } chosen)
                {
                    return TypedResults.ValidationProblem(
                        new Dictionary<string, string[]> { ["audience"] = [$"Choose one of the portal's audiences ({string.Join(", ", known.Select(a => a.Key))}) or '{Stop}'."] },
                        title: "Unknown audience");
                }

                preview.Start(context, user.FindFirstValue(ClaimTypes.NameIdentifier)!, chosen.Key);

                // Reading changes nothing and shows an Admin nothing the console does not, so this is
                // logged for operators rather than written to the audit log of changes.
                loggers.CreateLogger(typeof(PreviewEndpoints)).LogInformation(
                    "{Person} started previewing the portal as {Audience}", user.Identity?.Name, chosen.Key);
                return TypedResults.LocalRedirect(ReturnUrls.Safe(returnUrl));
            })
            .RequireAuthorization(policy => policy.RequireRole(PortalRoles.Admin))
            .WithName("PreviewAsAudience")
            .WithSummary("Starts or stops reading the portal as one audience (Admin only).");
        return endpoints;
    }
}
