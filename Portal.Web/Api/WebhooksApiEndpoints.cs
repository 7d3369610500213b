using Portal.Core.Domain;
using Portal.Core.Features.Webhooks;

namespace Portal.Web.Api;

/// <summary>A program's request to register one of its own webhook endpoints.</summary>
/// <param name="Url">Where to send: an http(s) address on the internet.</param>
/// <param name="Organisation">A name for it in the console; the key's name when left out.</param>
/// <param name="Audiences">Some of the key's audiences to receive as; left out, all of them.</param>
/// <param name="EventTypes">The event types to send; left out, all.</param>
/// <param name="Kind"><c>standard-webhooks</c> (the default), <c>teams</c> or <c>slack</c>.</param>
public sealed record ApiWebhookRegistration(string? Url, string? Organisation, IReadOnlyList<string>? Audiences, IReadOnlyList<string>? EventTypes, string? Kind);

/// <summary>One of the program's endpoints; <paramref name="Secret"/> only in the answer to registering it, once.</summary>
public sealed record ApiWebhookEndpoint(
    int Id,
    string Kind,
    string Organisation,
    string Url,
    IReadOnlyList<string> Audiences,
    IReadOnlyList<string> EventTypes,
    bool Enabled,
    string? DisabledReason,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastSuccessAt,
    string? Secret = null)
{
    public static ApiWebhookEndpoint From(WebhookEndpointView e, string? secret = null) =>
        new(e.Id, KindName(e.Kind), e.Organisation, e.Url, e.Audiences, e.EventTypes, e.IsEnabled, e.DisabledReason, e.CreatedAt, e.LastSuccessAt, secret);

    public static string KindName(WebhookKind kind) => kind switch
    {
        WebhookKind.Teams => "teams",
        WebhookKind.Slack => "slack",
        _ => "standard-webhooks",
    };
}

/// <summary>
/// <c>/api/v1/webhooks</c>: a program with a <c>webhooks:manage</c> key registers, lists and deletes
/// its own endpoints, which receive only what the key's audiences may see.
/// </summary>
public static class WebhooksApiEndpoints
{
    public static IEndpointRouteBuilder MapWebhooksApiEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapApiV1Group("Webhooks");

        api.MapPost("/webhooks", async (HttpContext context, RegisterWebhookEndpoint register) =>
            {
                var (registration, problem) = await ApiV1.ReadAsync<ApiWebhookRegistration>(context);
                if (problem is not null)
                {
                    return problem;
                }

                if (registration!.Url is not { Length: > 0 } url || !Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri)
                    || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
                {
                    return ApiV1.Invalid("url", "Give an address starting with https:// (or http://).");
                }

                WebhookKind? kind = registration.Kind switch
                {
                    null or "standard-webhooks" => WebhookKind.StandardWebhooks,
                    "teams" => WebhookKind.Teams,
                    "slack" => WebhookKind.Slack,
                    _ => null,
                };
                if (kind is null)
                {
                    return ApiV1.Invalid("kind", "The kind is standard-webhooks, teams or slack.");
                }

                var caller = ApiV1.Caller(context);
                return await ApiV1.TryAsync(async () =>
                {
                    var organisation = registration.Organisation is { Length: > 0 } named
                        ? named
                        : context.User.Identity?.Name?.Replace(Accounts.ApiKeyAuthenticationHandler.NamePrefix, "", StringComparison.Ordinal) ?? "Program";
                    var registered = await register.HandleAsync(new RegisterWebhookEndpointRequest(organisation, url, registration.Audiences ?? [],
                        registration.EventTypes ?? [], kind.Value), caller, context.RequestAborted);
                    return TypedResults.Created($"{ApiV1.Prefix}/webhooks/{registered.Endpoint.Id}", ApiWebhookEndpoint.From(registered.Endpoint, registered.Secret));
                });
            })
            .Idempotent()
            .WithName("ApiRegisterWebhook")
            .WithSummary("Registers one of the program's own webhook endpoints (webhooks:manage); the signing secret is in this answer only.")
            .Accepts<ApiWebhookRegistration>("application/json")
            .Produces<ApiWebhookEndpoint>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        api.MapGet("/webhooks", (HttpContext context, GetOwnWebhookEndpoints list) =>
                ApiV1.TryAsync(async () =>
                    TypedResults.Ok((await list.HandleAsync(ApiV1.Caller(context), context.RequestAborted)).Select(e => ApiWebhookEndpoint.From(e)).ToList())))
            .WithName("ApiListWebhooks")
            .WithSummary("Lists the program's own webhook endpoints (webhooks:manage), never their secrets.")
            .Produces<List<ApiWebhookEndpoint>>()
            .ProducesProblem(StatusCodes.Status403Forbidden);

        api.MapDelete("/webhooks/{id:int}", (int id, HttpContext context, DeleteWebhookEndpoint delete) =>
                ApiV1.TryAsync(async () =>
                {
                    await delete.HandleAsync(id, ApiV1.Caller(context), context.RequestAborted);
                    return TypedResults.NoContent();
                }))
            .WithName("ApiDeleteWebhook")
            .WithSummary("Deletes one of the program's own webhook endpoints (webhooks:manage); what was waiting is not sent.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        return endpoints;
    }
}
