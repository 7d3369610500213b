using Portal.Core.Domain;
using Portal.Core.Features.Systems;
using Portal.Web.Accounts;
using Portal.Web.Viewers;

namespace Portal.Web.Api;

/// <summary>A change of one system's status through the API.</summary>
/// <param name="Status">A portal status: operational, maintenance, degraded, workaround, restoring or offline.</param>
/// <param name="Reason">Why, as the system's history will show it.</param>
public sealed record ApiStatusChange(string? Status, string? Reason, string? Workaround = null, DateTimeOffset? ExpectedRestorationAt = null);

/// <summary>The same change of status for several systems at once, all or nothing.</summary>
public sealed record ApiStatusesChange(IReadOnlyList<string>? Systems, string? Status, string? Reason, string? Workaround = null,
    DateTimeOffset? ExpectedRestorationAt = null);

/// <summary>A system as the API answers it; <c>status</c> in the portal's words, <c>statuspageStatus</c> in Statuspage's.</summary>
public sealed record ApiSystemAnswer(string Slug, string Name, string Description, int GroupId, string GroupName, string Status,
    string StatuspageStatus, string? Workaround, DateTimeOffset? ExpectedRestorationAt, DateTimeOffset StatusChangedAt, int Version)
{
    public static ApiSystemAnswer From(ApiSystem s) => new(s.Slug, s.Name, s.Description, s.GroupId, s.GroupName,
        ApiStatuses.Name(s.Status), s.Status.ToStatuspage(), s.Workaround, s.ExpectedRestorationAt, s.StatusChangedAt, s.Version);
}

/// <summary>What a status change did to one system.</summary>
public sealed record ApiStatusChanged(string Slug, string Name, string Previous, string Status, string StatuspageStatus, DateTimeOffset ChangedAt)
{
    public static ApiStatusChanged From(SystemStatusChangedData d) =>
        new(d.Slug, d.Name, ApiStatuses.Name(d.PreviousStatus), ApiStatuses.Name(d.Status), d.StatuspageStatus, d.ChangedAt);
}

internal static class ApiStatuses
{
    public static string Name(SystemStatus status) => status.ToString().ToLowerInvariant();

    /// <summary>A portal status by its name (any case); never a number.</summary>
    public static SystemStatus? Parse(string? value) =>
        value is { Length: > 0 } && char.IsAsciiLetter(value[0]) && Enum.TryParse<SystemStatus>(value, ignoreCase: true, out var status)
        && Enum.IsDefined(status) ? status : null;

    public const string Expected = "Use one of operational, maintenance, degraded, workaround, restoring, offline.";
}

/// <summary>
/// <c>/api/v1/systems</c>: read the systems a key's audiences may see, and change statuses through
/// the same Core use cases as the console (so the events, audit and rules are the same).
/// </summary>
public static class SystemsApiEndpoints
{
    public static IEndpointRouteBuilder MapSystemsApiEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapApiV1Group("Systems");

        api.MapGet("/systems", async (HttpContext context, GetSystemsForApi query, CancellationToken cancellationToken) =>
            {
                var systems = await query.HandleAsync(CurrentViewer.From(context.User), cancellationToken);
                return TypedResults.Ok(systems.Select(ApiSystemAnswer.From).ToList());
            })
            .RequireAuthorization(ReadScope)
            .WithName("ApiListSystems")
            .WithSummary("Every system the key's audiences may see, in board order.");

        api.MapGet("/systems/{slug}", async (string slug, HttpContext context, GetSystemsForApi query, CancellationToken cancellationToken) =>
            {
                if (await query.OneAsync(slug, CurrentViewer.From(context.User), cancellationToken) is not { } system)
                {
                    return (IResult)TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"There is no system '{slug}'.");
                }

                context.Response.Headers.ETag = ApiV1.SystemETag(system.Version);
                return TypedResults.Ok(ApiSystemAnswer.From(system));
            })
            .RequireAuthorization(ReadScope)
            .WithName("ApiGetSystem")
            .WithSummary("One system; its ETag can be sent back as If-Match when changing it.")
            .Produces<ApiSystemAnswer>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPatch("/systems/{slug}", async (string slug, HttpContext context, ChangeSystemStatus change, GetSystemsForApi query) =>
            {
                var (body, problem) = await ApiV1.ReadAsync<ApiStatusChange>(context);
                if (problem is not null)
                {
                    return problem;
                }

                if (Validate(body!.Status, body.Reason) is { } invalid)
                {
                    return invalid;
                }

                return await ApiV1.TryAsync(async () =>
                {
                    var changed = await change.HandleAsync(new ChangeSystemStatusRequest(slug, ApiStatuses.Parse(body.Status)!.Value, body.Reason!,
                        body.Workaround, body.ExpectedRestorationAt, ApiV1.ExpectedVersion(context.Request)), ApiV1.Caller(context), context.RequestAborted);
                    if (await query.VersionAsync(slug, context.RequestAborted) is { } version)
                    {
                        context.Response.Headers.ETag = ApiV1.SystemETag(version);
                    }

                    return TypedResults.Ok(ApiStatusChanged.From(changed));
                });
            })
            .Idempotent()
            .WithName("ApiChangeSystemStatus")
            .WithSummary("Changes one system's status (status:write). With If-Match, refused with 412 when the system changed since.")
            .Accepts<ApiStatusChange>("application/json")
            .Produces<ApiStatusChanged>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        api.MapPost("/systems/status", async (HttpContext context, ChangeSystemStatuses change) =>
            {
                var (body, problem) = await ApiV1.ReadAsync<ApiStatusesChange>(context);
                if (problem is not null)
                {
                    return problem;
                }

                if (body!.Systems is not { Count: > 0 } systems || systems.Any(string.IsNullOrWhiteSpace))
                {
                    return ApiV1.Invalid("systems", "List the slugs of the systems to change.");
                }

                if (Validate(body.Status, body.Reason) is { } invalid)
                {
                    return invalid;
                }

                return await ApiV1.TryAsync(async () =>
                {
                    var changed = await change.HandleAsync(new ChangeSystemStatusesRequest(systems, ApiStatuses.Parse(body.Status)!.Value, body.Reason!,
                        body.Workaround, body.ExpectedRestorationAt), ApiV1.Caller(context), context.RequestAborted);
                    return TypedResults.Ok(changed.Select(ApiStatusChanged.From).ToList());
                });
            })
            .Idempotent()
            .WithName("ApiChangeSystemStatuses")
            .WithSummary("Changes several systems to the same status in one transaction, all or nothing (status:write).")
            .Accepts<ApiStatusesChange>("application/json")
            .Produces<List<ApiStatusChanged>>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return endpoints;
    }

    internal static void ReadScope(Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder policy) => policy
        .AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName)
        .RequireClaim(ApiKeyAuthenticationHandler.ScopeClaim, ApiScopes.Read);

    private static IResult? Validate(string? status, string? reason)
    {
        if (ApiStatuses.Parse(status) is null)
        {
            return ApiV1.Invalid("status", ApiStatuses.Expected);
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            return ApiV1.Invalid("reason", "Say why the status changes; the system's history shows it.");
        }

        return reason.Trim().Length > EstateSystem.ReasonMaxLength
            ? ApiV1.Invalid("reason", $"A reason may be at most {EstateSystem.ReasonMaxLength} characters.")
            : null;
    }
}
