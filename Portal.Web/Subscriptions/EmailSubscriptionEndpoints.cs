using System.Net;
using Microsoft.AspNetCore.Antiforgery;
using Portal.Core.Domain;
using Portal.Core.Features.Subscriptions;
using Portal.Web.Mail;

namespace Portal.Web.Subscriptions;

/// <summary>
/// Subscribing by email without an account: the form (<c>/subscribe</c>), the confirmation page whose
/// button confirms (a mail scanner that opens the link confirms nothing), the manage page and the
/// RFC 8058 one-click unsubscribe that mail programs post to.
/// </summary>
internal static class EmailSubscriptionEndpoints
{
    public static IEndpointRouteBuilder MapEmailSubscriptionEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/subscribe", (HttpContext context, IAntiforgery antiforgery, int? system) =>
            Page("Subscribe by email", SubscribeForm(context, antiforgery, system, "", null)))
            .WithName("SubscribeForm").ExcludeFromDescription();

        app.MapPost("/subscribe", async (HttpContext context, IAntiforgery antiforgery, SubscribeByEmailHandler subscribe,
            IPortalMail mail, SubscriptionLinks links, ILoggerFactory loggers, CancellationToken cancellationToken) =>
        {
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                return Results.BadRequest();
            }

            var form = await context.Request.ReadFormAsync(cancellationToken);
            var address = form["address"].ToString();
            int? system = int.TryParse(form["system"], out var id) ? id : null;
            if (!SubscribeByEmailHandler.IsValidAddress(address))
            {
                return Page("Subscribe by email", SubscribeForm(context, antiforgery, system, address, "Enter an email address such as name@example.com."), 400);
            }

            var choice = form["choice"].ToString() switch
            {
                "statements" => EmailSubscriptionChoice.StatementsOnly,
                "system" when system is not null => EmailSubscriptionChoice.ChosenSystems,
                _ => EmailSubscriptionChoice.Everything,
            };
            var result = await subscribe.HandleAsync(new SubscribeByEmail(address, choice, system is { } chosen ? [chosen] : []), cancellationToken);
            if (result.ConfirmationToken is { } token)
            {
                try
                {
                    await mail.SendAsync(result.Address, "Confirm your subscription to estate status updates",
                        $"""
                        Someone, probably you, asked to receive estate status updates at this address.

                        To confirm, open this link and press the button on the page:
                        {links.Confirm(token)}

                        If it was not you, ignore this mail: nothing will be sent.
                        """, cancellationToken);
                }
                catch (MailNotSentException problem)
                {
                    // The same answer as for any other address: the person can post the form again later.
                    loggers.CreateLogger(typeof(EmailSubscriptionEndpoints)).LogWarning(problem, "The subscription confirmation mail was not sent");
                }
            }

            return Page("Check your inbox",
                "<p>If this address can receive updates, we have sent it a mail with a link. Open it and press the button to confirm; until then nothing is sent.</p>");
        }).WithName("Subscribe").ExcludeFromDescription().DisableAntiforgery();

        app.MapGet("/subscriptions/confirm", (HttpContext context, IAntiforgery antiforgery, string? token) =>
            Page("Confirm your subscription",
                $"""
                <p>Press the button to start receiving estate status updates by mail.</p>
                <form method="post" action="/subscriptions/confirm">{Antiforgery(context, antiforgery)}
                <input type="hidden" name="token" value="{WebUtility.HtmlEncode(token ?? "")}">
                <button type="submit">Confirm my subscription</button></form>
                """)).WithName("ConfirmSubscriptionPage").ExcludeFromDescription();

        app.MapPost("/subscriptions/confirm", async (HttpContext context, IAntiforgery antiforgery, SubscribeByEmailHandler subscriptions, CancellationToken cancellationToken) =>
        {
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                return Results.BadRequest();
            }

            var form = await context.Request.ReadFormAsync(cancellationToken);
            return form["token"].ToString() is { Length: > 0 and < 200 } token && await subscriptions.ConfirmAsync(token, cancellationToken)
                ? Page("Subscribed", "<p>Your address is confirmed: you will receive estate status updates by mail. Every mail has a link to change or stop them.</p>")
                : Page("Link not valid", "<p>This confirmation link is not valid any more. <a href=\"/subscribe\">Subscribe again</a>.</p>", 404);
        }).WithName("ConfirmSubscription").ExcludeFromDescription().DisableAntiforgery();

        app.MapGet("/subscriptions/manage", async (HttpContext context, IAntiforgery antiforgery, SubscriptionLinks links,
            SubscribeByEmailHandler subscriptions, string? token, CancellationToken cancellationToken) =>
            links.IdFrom(token) is { } id && await subscriptions.FindAsync(id, cancellationToken) is { } subscription
                ? Page("Your email subscription",
                    $"""
                    <p>{WebUtility.HtmlEncode(subscription.Address)} receives {Describe(subscription.Choice)}.</p>
                    <form method="post" action="/subscriptions/manage">{Antiforgery(context, antiforgery)}
                    <input type="hidden" name="token" value="{WebUtility.HtmlEncode(token!)}">
                    <button type="submit">Unsubscribe</button></form>
                    <p>To receive something else, unsubscribe and <a href="/subscribe">subscribe again</a>.</p>
                    """)
                : Page("No subscription", "<p>There is no subscription for this link any more.</p>", 404))
            .WithName("ManageSubscription").ExcludeFromDescription();

        app.MapPost("/subscriptions/manage", async (HttpContext context, IAntiforgery antiforgery, SubscriptionLinks links,
            SubscribeByEmailHandler subscriptions, CancellationToken cancellationToken) =>
        {
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                return Results.BadRequest();
            }

            var form = await context.Request.ReadFormAsync(cancellationToken);
            if (links.IdFrom(form["token"]) is { } id)
            {
                await subscriptions.UnsubscribeAsync(id, cancellationToken);
            }

            return Page("Unsubscribed", "<p>You will receive no more estate status updates by mail.</p>");
        }).WithName("UnsubscribeFromManage").ExcludeFromDescription().DisableAntiforgery();

        // RFC 8058: mail programs post "List-Unsubscribe=One-Click" here without a cookie or a token of
        // ours, so this is the one form without antiforgery; the protected token in the address is the proof.
        app.MapPost("/subscriptions/unsubscribe", async (SubscriptionLinks links, SubscribeByEmailHandler subscriptions, string? token, CancellationToken cancellationToken) =>
        {
            if (links.IdFrom(token) is not { } id)
            {
                return Results.NotFound();
            }

            await subscriptions.UnsubscribeAsync(id, cancellationToken);
            return Page("Unsubscribed", "<p>You will receive no more estate status updates by mail.</p>");
        }).WithName("OneClickUnsubscribe").ExcludeFromDescription().DisableAntiforgery();

        return app;
    }

    private static string Describe(EmailSubscriptionChoice choice) => choice switch
    {
        EmailSubscriptionChoice.StatementsOnly => "statements only",
        EmailSubscriptionChoice.ChosenSystems => "statements and the status of the system chosen",
        _ => "every statement and status change",
    };

    private static string Antiforgery(HttpContext context, IAntiforgery antiforgery)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        return $"<input type=\"hidden\" name=\"{WebUtility.HtmlEncode(tokens.FormFieldName)}\" value=\"{WebUtility.HtmlEncode(tokens.RequestToken)}\">";
    }

    private static string SubscribeForm(HttpContext context, IAntiforgery antiforgery, int? system, string address, string? error) =>
        $"""
        <p>Receive the portal's statements and status changes by mail. We mail you a link first; nothing is sent until you confirm.</p>
        <form method="post" action="/subscribe" novalidate>{Antiforgery(context, antiforgery)}
        <p><label for="address">Email address</label><br>
        <input id="address" name="address" type="email" autocomplete="email" value="{WebUtility.HtmlEncode(address)}"{(error is null ? "" : " aria-invalid=\"true\" aria-describedby=\"address-error\"")}></p>
        {(error is null ? "" : $"<p id=\"address-error\" role=\"alert\">{WebUtility.HtmlEncode(error)}</p>")}
        <fieldset><legend>What to receive</legend>
        <p><label><input type="radio" name="choice" value="everything" checked> Every statement and status change</label></p>
        {(system is { } id ? $"<input type=\"hidden\" name=\"system\" value=\"{id}\"><p><label><input type=\"radio\" name=\"choice\" value=\"system\"> Statements and this system's status</label></p>" : "")}
        <p><label><input type="radio" name="choice" value="statements"> Statements only</label></p>
        </fieldset>
        <button type="submit">Subscribe</button>
        </form>
        """;

    private static IResult Page(string title, string body, int status = 200) =>
        Results.Content(
            $"""
            <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{WebUtility.HtmlEncode(title)} · Estate status</title></head>
            <body><main><h1>{WebUtility.HtmlEncode(title)}</h1>
            {body}
            <p><a href="/">Back to the estate status</a></p></main></body></html>
            """, "text/html; charset=utf-8", statusCode: status);
}
