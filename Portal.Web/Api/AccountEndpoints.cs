using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Portal.Core.Domain;
using Portal.Core.Features.People;
using Portal.Web.Accounts;

namespace Portal.Web.Api;

public static class AccountEndpoints
{
    /// <summary>
    /// <c>POST /account/logout</c> (form, antiforgery-checked): ends this browser's session and returns to the board.
    /// <c>POST /account/logout-everywhere</c>: ends every session of the signed-in person, this one included.
    /// </summary>
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/account/logout", async (SignInManager<PortalUser> signIn, [FromForm] string? returnUrl) =>
            {
                await signIn.SignOutAsync();
                Portal.Web.Viewers.AudiencePreview.Stop(signIn.Context);
                return TypedResults.LocalRedirect(Components.Account.ReturnUrls.Safe(returnUrl));
            })
            .WithName("SignOut")
            .WithSummary("Signs the current person out.");

        endpoints.MapPost("/account/logout-everywhere", async (SignInManager<PortalUser> signIn, SignOutEverywhere signOutEverywhere, HttpContext context) =>
            {
                if (signIn.UserManager.GetUserId(context.User) is { } userId)
                {
                    await signOutEverywhere.HandleAsync(new PersonRequest(userId),
                        StaffActor.From(context.User, context.Connection.RemoteIpAddress?.ToString()), context.RequestAborted);
                }

                await signIn.SignOutAsync();
                Portal.Web.Viewers.AudiencePreview.Stop(context);
                return TypedResults.LocalRedirect("/");
            })
            .RequireAuthorization()
            .WithName("SignOutEverywhere")
            .WithSummary("Ends every sign-in of the current person, on every device.");
        return endpoints;
    }
}
