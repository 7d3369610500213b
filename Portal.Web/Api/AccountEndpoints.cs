using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Portal.Core.Domain;

namespace Portal.Web.Api;

public static class AccountEndpoints
{
    /// <summary><c>POST /account/logout</c> (form, antiforgery-checked): signs out and returns to the board.</summary>
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
        return endpoints;
    }
}
