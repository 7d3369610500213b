using System.Text.Json;
using System.Text.Json.Serialization;
using Portal.Core.Domain;
using Portal.Core.Features.Statuspage;
using Portal.Core.Features.Systems;
using Portal.Web.Viewers;

namespace Portal.Web.Api;

/// <summary>The body Statuspage's Manage API takes to update a component.</summary>
public sealed record StatuspageComponentUpdate(StatuspageComponentFields? Component);

/// <param name="Status">operational, under_maintenance, degraded_performance, partial_outage or major_outage.</param>
public sealed record StatuspageComponentFields(string? Status);

/// <summary>
/// The component part of Atlassian Statuspage's Manage API, so bridges written for Statuspage
/// (Alertmanager, Grafana, uptime monitors) drive the portal by changing their base address and key:
/// the page id is <c>page.id</c> of <c>/api/v2/summary.json</c>, a component id a system's slug.
/// </summary>
public static class StatuspageManageEndpoints
{
    private static readonly JsonSerializerOptions Answer = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    private static readonly JsonSerializerOptions Request = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public static IEndpointRouteBuilder MapStatuspageManageEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapApiV1Group("Statuspage Manage API");

        api.MapGet("/pages/{pageId}/components", async (string pageId, HttpContext context, GetStatuspageData query, CancellationToken cancellationToken) =>
            {
                if (pageId != StatuspageResponses.PageId)
                {
                    return PageNotFound(pageId);
                }

                var data = await query.HandleAsync(CurrentViewer.From(context.User), cancellationToken);
                return TypedResults.Text(JsonSerializer.Serialize(StatuspageResponses.Components(data), Answer), "application/json; charset=utf-8");
            })
            .RequireAuthorization(SystemsApiEndpoints.ReadScope)
            .WithName("StatuspageManageListComponents")
            .WithSummary("Every system and group the key's audiences may see, as Statuspage components.")
            .Produces<List<StatuspageComponent>>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapMethods("/pages/{pageId}/components/{componentId}", [HttpMethods.Patch, HttpMethods.Put],
                async (string pageId, string componentId, HttpContext context, ChangeSystemStatus change, GetSystemsForApi query) =>
            {
                if (pageId != StatuspageResponses.PageId)
                {
                    return PageNotFound(pageId);
                }

                if (await ApiV1.BodyAsync(context) is not { } body)
                {
                    return ApiV1.TooLarge();
                }

                StatuspageComponentUpdate? update;
                try
                {
                    update = JsonSerializer.Deserialize<StatuspageComponentUpdate>(body, Request);
                }
                catch (JsonException problem)
                {
                    return ApiV1.Invalid(problem.Path is null or "$" ? "component" : problem.Path.TrimStart('$', '.'),
                        "Send {\"component\":{\"status\":\"...\"}}; other component fields are not taken.");
                }

                if (StatuspageStatus.FromStatuspage(update?.Component?.Status) is not { } status)
                {
                    return ApiV1.Invalid("component.status", $"Use one of {string.Join(", ", StatuspageStatus.ComponentStatuses)}.");
                }

                return await ApiV1.TryAsync(async () =>
                {
                    var actor = ApiV1.Caller(context);
                    var changed = await change.HandleAsync(new ChangeSystemStatusRequest(componentId, status,
                        $"Reported as {update!.Component!.Status} by {actor.Name}.", ExpectedVersion: ApiV1.ExpectedVersion(context.Request)),
                        actor, context.RequestAborted);
                    var version = await query.VersionAsync(componentId, context.RequestAborted);
                    if (version is { } v)
                    {
                        context.Response.Headers.ETag = ApiV1.SystemETag(v);
                    }

                    var component = new StatuspageComponent(changed.Slug, changed.Name, changed.StatuspageStatus, changed.ChangedAt, changed.ChangedAt,
                        Position: 0, Description: null, Showcase: false, StartDate: null, GroupId: null, StatuspageResponses.PageId, Group: false,
                        OnlyShowIfDegraded: false, Components: null);
                    return TypedResults.Text(JsonSerializer.Serialize(component, Answer), "application/json; charset=utf-8");
                });
            })
            .Idempotent()
            .WithName("StatuspageManageUpdateComponent")
            .WithSummary("Sets a system's status in Statuspage's words (status:write): operational, under_maintenance, degraded_performance, partial_outage (Restoring) or major_outage (Offline).")
            .Accepts<StatuspageComponentUpdate>("application/json")
            .Produces<StatuspageComponent>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return endpoints;
    }

    private static IResult PageNotFound(string pageId) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found",
            detail: $"There is no page '{pageId}'; this portal's page id is '{StatuspageResponses.PageId}' (page.id of /api/v2/summary.json).");
}
