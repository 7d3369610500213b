using Portal.Core.Features.Subscriptions;

namespace Portal.Web.Subscriptions;

/// <summary>
/// The RFC 8058 one-click unsubscribe that mail programs post to. The pages (subscribing, confirming,
/// managing) are Razor pages under <c>Components/Pages/Subscriptions</c>.
/// </summary>
internal static class EmailSubscriptionEndpoints
{
    public const string UnsubscribePath = "/subscriptions/unsubscribe";

    public static IEndpointRouteBuilder MapEmailSubscriptionEndpoints(this IEndpointRouteBuilder app)
    {
        // RFC 8058: mail programs post "List-Unsubscribe=One-Click" here without a cookie or a token of
        // ours, so this is the one form without antiforgery; the protected token in the address is the proof.
        app.MapPost(UnsubscribePath, async (SubscriptionLinks links, SubscribeByEmailHandler subscriptions, string? token, CancellationToken cancellationToken) =>
        {
            if (links.IdFrom(token) is not { } id)
            {
                return Results.NotFound();
            }

            await subscriptions.UnsubscribeAsync(id, cancellationToken);
            return Results.Text("You will receive no more estate status updates by mail.\n");
        }).WithName("OneClickUnsubscribe").ExcludeFromDescription().DisableAntiforgery();

        // Someone who opens the header's address in a browser gets the manage page, which unsubscribes with a button.
        app.MapGet(UnsubscribePath, (string? token) => Results.Redirect($"/subscriptions/manage?token={Uri.EscapeDataString(token ?? "")}"))
            .WithName("OneClickUnsubscribePage").ExcludeFromDescription();

        return app;
    }
}
