using Portal.Core.Domain;
using Portal.Core.Features.Audiences;
using Portal.Core.Features.MaintenanceWindows;
using Portal.Core.Features.Systems;
using Portal.Web.Viewers;

namespace Portal.Web.Api;

/// <summary>A maintenance window to open: when it runs, who may see it and the systems it takes down (by slug).</summary>
/// <param name="Audiences">Audience keys, e.g. <c>["public"]</c> or <c>["suppliers"]</c>.</param>
public sealed record ApiMaintenanceOpen(string? Title, string? Description, DateTimeOffset? StartsAt, DateTimeOffset? EndsAt,
    IReadOnlyList<string>? Audiences, IReadOnlyList<string>? Systems);

/// <summary>A change to a maintenance window: only the fields sent change.</summary>
public sealed record ApiMaintenanceChange(string? Title = null, string? Description = null, DateTimeOffset? StartsAt = null,
    DateTimeOffset? EndsAt = null, IReadOnlyList<string>? Audiences = null, IReadOnlyList<string>? Systems = null);

/// <summary>Why a window is closed (called off); kept in the audit log.</summary>
public sealed record ApiMaintenanceClose(string? Reason);

/// <summary>A maintenance window as the API answers it; <c>version</c> is also its ETag.</summary>
public sealed record ApiMaintenanceAnswer(int Id, string Title, string Description, DateTimeOffset StartsAt, DateTimeOffset EndsAt,
    IReadOnlyList<string> Audiences, IReadOnlyList<string> Systems, DateTimeOffset? CancelledAt, int Version)
{
    public static ApiMaintenanceAnswer From(ApiMaintenanceWindow w) =>
        new(w.Id, w.Title, w.Description, w.StartsAt, w.EndsAt, w.Audiences, w.Systems, w.CancelledAt, w.Version);
}

/// <summary>
/// <c>/api/v1/maintenance</c>: read the windows a key's audiences may see, and open, change and close
/// windows (maintenance:write) through the same Core use cases as the console.
/// </summary>
public static class MaintenanceApiEndpoints
{
    public static IEndpointRouteBuilder MapMaintenanceApiEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapApiV1Group("Maintenance");

        api.MapGet("/maintenance", async (HttpContext context, GetMaintenanceForApi query, CancellationToken cancellationToken) =>
            {
                var windows = await query.HandleAsync(CurrentViewer.From(context.User), cancellationToken);
                return TypedResults.Ok(windows.Select(ApiMaintenanceAnswer.From).ToList());
            })
            .RequireAuthorization(SystemsApiEndpoints.ReadScope)
            .WithName("ApiListMaintenance")
            .WithSummary("Every maintenance window the key's audiences may see, cancelled ones included, the latest start first.")
            .Produces<List<ApiMaintenanceAnswer>>();

        api.MapGet("/maintenance/{id:int}", async (int id, HttpContext context, GetMaintenanceForApi query, CancellationToken cancellationToken) =>
            {
                if (await query.OneAsync(id, CurrentViewer.From(context.User), cancellationToken) is not { } window)
                {
                    return NotFound(id);
                }

                context.Response.Headers.ETag = ApiV1.ETagOf(window.Version);
                return TypedResults.Ok(ApiMaintenanceAnswer.From(window));
            })
            .RequireAuthorization(SystemsApiEndpoints.ReadScope)
            .WithName("ApiGetMaintenance")
            .WithSummary("One maintenance window; its ETag can be sent back as If-Match when changing it.")
            .Produces<ApiMaintenanceAnswer>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPost("/maintenance", async (HttpContext context, ScheduleMaintenance schedule, GetMaintenanceForApi query,
                GetAudiences audiences, FindSystemIds findSystems) =>
            {
                var (body, problem) = await ApiV1.ReadAsync<ApiMaintenanceOpen>(context);
                if (problem is not null)
                {
                    return problem;
                }

                if (body!.StartsAt is null)
                {
                    return ApiV1.Invalid("startsAt", "Say when the window starts, as an ISO 8601 time with an offset.");
                }

                if (body.EndsAt is null)
                {
                    return ApiV1.Invalid("endsAt", "Say when the window ends, as an ISO 8601 time with an offset.");
                }

                var (systemIds, invalid) = await ValidateAsync(body.Title, body.Description, body.StartsAt.Value, body.EndsAt.Value,
                    body.Audiences, body.Systems, audiences, findSystems, context.RequestAborted);
                if (invalid is not null)
                {
                    return invalid;
                }

                return await ApiV1.TryAsync(async () =>
                {
                    var actor = ApiV1.Caller(context);
                    var opened = await schedule.HandleAsync(new ScheduleMaintenanceRequest(body.Title!, body.Description ?? "", body.StartsAt.Value,
                        body.EndsAt.Value, body.Audiences!, systemIds), actor, context.RequestAborted);
                    return await AnswerAsync(opened.Id, context, query, actor, created: true);
                });
            })
            .RequireScope(ApiScopes.MaintenanceWrite)
            .Idempotent()
            .WithName("ApiOpenMaintenance")
            .WithSummary("Opens (announces) a maintenance window (maintenance:write). It may already have started, but not already ended.")
            .Accepts<ApiMaintenanceOpen>("application/json")
            .Produces<ApiMaintenanceAnswer>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        api.MapPatch("/maintenance/{id:int}", async (int id, HttpContext context, UpdateMaintenance update, GetMaintenanceForApi query,
                GetAudiences audiences, FindSystemIds findSystems) =>
            {
                var (body, problem) = await ApiV1.ReadAsync<ApiMaintenanceChange>(context);
                if (problem is not null)
                {
                    return problem;
                }

                return await ApiV1.TryAsync(async () =>
                {
                    var actor = ApiV1.Caller(context);
                    if (await query.ForChangeAsync(id, actor, context.RequestAborted) is not { } current)
                    {
                        return NotFound(id);
                    }

                    var title = body!.Title ?? current.Title;
                    var startsAt = body.StartsAt ?? current.StartsAt;
                    var endsAt = body.EndsAt ?? current.EndsAt;
                    var (systemIds, invalid) = await ValidateAsync(title, body.Description ?? current.Description, startsAt, endsAt,
                        body.Audiences ?? current.Audiences, body.Systems ?? current.Systems, audiences, findSystems, context.RequestAborted);
                    if (invalid is not null)
                    {
                        return invalid;
                    }

                    // Without If-Match the change applies to the window as just read; with it, a stale ETag is refused.
                    var expected = ApiV1.ExpectedVersion(context.Request) ?? current.Version;
                    await update.HandleAsync(new UpdateMaintenanceRequest(id, title, body.Description ?? current.Description, startsAt, endsAt,
                        body.Audiences ?? current.Audiences, systemIds, expected), actor, context.RequestAborted);
                    return await AnswerAsync(id, context, query, actor, created: false);
                });
            })
            .RequireScope(ApiScopes.MaintenanceWrite)
            .Idempotent()
            .WithName("ApiUpdateMaintenance")
            .WithSummary("Changes the fields sent of a maintenance window (maintenance:write). With If-Match, refused with 412 when the window changed since.")
            .Accepts<ApiMaintenanceChange>("application/json")
            .Produces<ApiMaintenanceAnswer>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        api.MapPost("/maintenance/{id:int}/close", async (int id, HttpContext context, CancelMaintenance cancel, GetMaintenanceForApi query) =>
            {
                var (body, problem) = await ApiV1.ReadAsync<ApiMaintenanceClose>(context);
                if (problem is not null)
                {
                    return problem;
                }

                if (ApiV1.RequireText(body!.Reason, CancelMaintenance.ReasonMaxLength, "reason") is { } invalid)
                {
                    return invalid;
                }

                return await ApiV1.TryAsync(async () =>
                {
                    var actor = ApiV1.Caller(context);
                    await cancel.HandleAsync(new CancelMaintenanceRequest(id, body.Reason!, ApiV1.ExpectedVersion(context.Request)), actor,
                        context.RequestAborted);
                    return await AnswerAsync(id, context, query, actor, created: false);
                });
            })
            .RequireScope(ApiScopes.MaintenanceWrite)
            .Idempotent()
            .WithName("ApiCloseMaintenance")
            .WithSummary("Closes a window that has not ended (maintenance:write): it is called off and stays in the record, marked cancelled. With If-Match, 412 when stale.")
            .Accepts<ApiMaintenanceClose>("application/json")
            .Produces<ApiMaintenanceAnswer>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return endpoints;
    }

    private static async Task<IResult> AnswerAsync(int id, HttpContext context, GetMaintenanceForApi query, Actor actor, bool created)
    {
        var window = ApiMaintenanceAnswer.From((await query.ForChangeAsync(id, actor, context.RequestAborted))!);
        context.Response.Headers.ETag = ApiV1.ETagOf(window.Version);
        return created
            ? TypedResults.Created($"{ApiV1.Prefix}/maintenance/{window.Id}", window)
            : TypedResults.Ok(window);
    }

    private static async Task<(IReadOnlyList<int> SystemIds, IResult? Problem)> ValidateAsync(string? title, string? description,
        DateTimeOffset startsAt, DateTimeOffset endsAt, IReadOnlyList<string>? audienceKeys, IReadOnlyList<string>? systems,
        GetAudiences audiences, FindSystemIds findSystems, CancellationToken cancellationToken)
    {
        if (ApiV1.RequireText(title, Maintenance.TitleMaxLength, "title") is { } badTitle)
        {
            return ([], badTitle);
        }

        if (ApiV1.RequireText(description, Maintenance.DescriptionMaxLength, "description", required: false) is { } badDescription)
        {
            return ([], badDescription);
        }

        if (endsAt <= startsAt)
        {
            return ([], ApiV1.Invalid("endsAt", "A maintenance window must end after it starts."));
        }

        if (await ApiV1.CheckAudiencesAsync(audienceKeys, audiences, cancellationToken) is { } badAudience)
        {
            return ([], badAudience);
        }

        return await ApiV1.SystemIdsAsync(systems, findSystems, cancellationToken);
    }

    private static IResult NotFound(int id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"There is no maintenance window {id}.");
}
