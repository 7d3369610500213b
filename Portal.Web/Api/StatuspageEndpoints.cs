using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Portal.Core.Domain;
using Portal.Core.Features.Statuspage;
using Portal.Web.Viewers;

namespace Portal.Web.Api;

/// <summary>
/// Atlassian Statuspage's public API v2 (summary, status, components, incidents, scheduled
/// maintenances), so existing status tools, exporters and chat bots work unchanged. Answers
/// carry only what the caller's audiences may see, and an ETag of the event sequence they are
/// current at: polling tools get a cheap 304, decided before anything else is read, until
/// something changes.
/// </summary>
public static class StatuspageEndpoints
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    public static IEndpointRouteBuilder MapStatuspageEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/v2").WithTags("Statuspage v2");
        Map(api, "/summary.json", "StatuspageSummary", "Page, status, components, unresolved incidents and upcoming or active maintenance.",
            (data, page, now) => new StatuspageSummary(page, StatuspageResponses.Components(data), StatuspageResponses.Incidents(data, unresolvedOnly: true),
                StatuspageResponses.Maintenance(data, now, m => m.EndsAt > now), data.WorstStatus.ToStatuspageIndicator()));
        Map(api, "/status.json", "StatuspageStatus", "The overall indicator and its description.",
            (data, page, now) => new StatuspageStatusAnswer(page, data.WorstStatus.ToStatuspageIndicator()));
        Map(api, "/components.json", "StatuspageComponents", "Every system and group the caller may see.",
            (data, page, now) => new StatuspageComponentsAnswer(page, StatuspageResponses.Components(data)));
        Map(api, "/incidents.json", "StatuspageIncidents", "The 50 most recent incidents with their statements as updates.",
            (data, page, now) => new StatuspageIncidentsAnswer(page, StatuspageResponses.Incidents(data, unresolvedOnly: false)));
        Map(api, "/incidents/unresolved.json", "StatuspageUnresolvedIncidents", "Incidents not yet resolved.",
            (data, page, now) => new StatuspageIncidentsAnswer(page, StatuspageResponses.Incidents(data, unresolvedOnly: true)));
        Map(api, "/scheduled-maintenances.json", "StatuspageMaintenance", "Every planned maintenance window.",
            (data, page, now) => new StatuspageMaintenancesAnswer(page, StatuspageResponses.Maintenance(data, now, _ => true)));
        Map(api, "/scheduled-maintenances/upcoming.json", "StatuspageUpcomingMaintenance", "Maintenance windows not yet started.",
            (data, page, now) => new StatuspageMaintenancesAnswer(page, StatuspageResponses.Maintenance(data, now, m => m.StartsAt > now)));
        Map(api, "/scheduled-maintenances/active.json", "StatuspageActiveMaintenance", "Maintenance windows in progress.",
            (data, page, now) => new StatuspageMaintenancesAnswer(page, StatuspageResponses.Maintenance(data, now, m => m.StartsAt <= now && m.EndsAt > now)));
        return endpoints;
    }

    private static void Map<TAnswer>(RouteGroupBuilder api, string path, string name, string summary,
        Func<StatuspageData, StatuspagePage, DateTimeOffset, TAnswer> answer) =>
        api.MapGet(path, async Task<Results<ContentHttpResult, StatusCodeHttpResult>> (
                HttpContext context, GetStatuspageData query, PortalAddress portal, TimeProvider clock, CancellationToken cancellationToken) =>
            {
                var viewer = CurrentViewer.From(context.User);
                context.Response.Headers.CacheControl = viewer.Equals(Viewer.Anonymous) ? "public, no-cache" : "private, no-cache";
                context.Response.Headers.Vary = "Cookie, Authorization";
                var current = ETag(viewer, await query.CurrentSequenceAsync(viewer, cancellationToken));
                if (context.Request.Headers.IfNoneMatch == current)
                {
                    context.Response.Headers.ETag = current;
                    return TypedResults.StatusCode(StatusCodes.Status304NotModified);
                }

                var data = await query.HandleAsync(viewer, cancellationToken);
                context.Response.Headers.ETag = ETag(viewer, data.Sequence);
                var page = StatuspageResponses.Page(data, portal.Value.TrimEnd('/'));
                return TypedResults.Content(JsonSerializer.Serialize(answer(data, page, clock.GetUtcNow()), Json), "application/json; charset=utf-8");
            })
            .WithName(name)
            .WithSummary(summary);

    private static string ETag(Viewer viewer, long sequence) => $"\"{viewer.Key}-{sequence}\"";
}
