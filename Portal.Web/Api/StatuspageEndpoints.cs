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
/// current at: polling tools get a cheap 304 until something they may see changes.
/// </summary>
public static class StatuspageEndpoints
{
    private const string PageId = "estate";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    public static IEndpointRouteBuilder MapStatuspageEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/v2").WithTags("Statuspage v2");
        Map(api, "/summary.json", "StatuspageSummary", "Page, status, components, unresolved incidents and upcoming or active maintenance.",
            (data, page, now) => new { page, components = Components(data), incidents = Incidents(data, unresolvedOnly: true),
                scheduled_maintenances = Maintenance(data, now, m => m.EndsAt > now), status = Status(data) });
        Map(api, "/status.json", "StatuspageStatus", "The overall indicator and its description.",
            (data, page, now) => new { page, status = Status(data) });
        Map(api, "/components.json", "StatuspageComponents", "Every system and group the caller may see.",
            (data, page, now) => new { page, components = Components(data) });
        Map(api, "/incidents.json", "StatuspageIncidents", "The 50 most recent incidents with their statements as updates.",
            (data, page, now) => new { page, incidents = Incidents(data, unresolvedOnly: false) });
        Map(api, "/incidents/unresolved.json", "StatuspageUnresolvedIncidents", "Incidents not yet resolved.",
            (data, page, now) => new { page, incidents = Incidents(data, unresolvedOnly: true) });
        Map(api, "/scheduled-maintenances.json", "StatuspageMaintenance", "Every planned maintenance window.",
            (data, page, now) => new { page, scheduled_maintenances = Maintenance(data, now, _ => true) });
        Map(api, "/scheduled-maintenances/upcoming.json", "StatuspageUpcomingMaintenance", "Maintenance windows not yet started.",
            (data, page, now) => new { page, scheduled_maintenances = Maintenance(data, now, m => m.StartsAt > now) });
        Map(api, "/scheduled-maintenances/active.json", "StatuspageActiveMaintenance", "Maintenance windows in progress.",
            (data, page, now) => new { page, scheduled_maintenances = Maintenance(data, now, m => m.StartsAt <= now && m.EndsAt > now) });
        return endpoints;
    }

    private static void Map(RouteGroupBuilder api, string path, string name, string summary, Func<StatuspageData, object, DateTimeOffset, object> shape) =>
        api.MapGet(path, async Task<Results<ContentHttpResult, StatusCodeHttpResult>> (
                HttpContext context, GetStatuspageData query, TimeProvider clock, CancellationToken cancellationToken) =>
            {
                var viewer = CurrentViewer.From(context.User);
                var data = await query.HandleAsync(viewer, cancellationToken);
                var etag = $"\"{viewer.Key}-{data.Sequence}\"";
                context.Response.Headers.ETag = etag;
                context.Response.Headers.CacheControl = viewer.Equals(Viewer.Anonymous) ? "public, no-cache" : "private, no-cache";
                context.Response.Headers.Vary = "Cookie, Authorization";
                if (context.Request.Headers.IfNoneMatch == etag)
                {
                    return TypedResults.StatusCode(StatusCodes.Status304NotModified);
                }

                var page = new { id = PageId, name = "Estate status", url = $"{context.Request.Scheme}://{context.Request.Host}", time_zone = "Etc/UTC", updated_at = data.UpdatedAt };
                return TypedResults.Content(JsonSerializer.Serialize(shape(data, page, clock.GetUtcNow()), Json), "application/json; charset=utf-8");
            })
            .WithName(name)
            .WithSummary(summary);

    private static object Status(StatuspageData data) => data.WorstStatus switch
    {
        SystemStatus.Operational => new { indicator = "none", description = "All Systems Operational" },
        SystemStatus.Maintenance => new { indicator = "maintenance", description = "Service Under Maintenance" },
        SystemStatus.Degraded => new { indicator = "minor", description = "Minor Service Outage" },
        SystemStatus.Workaround or SystemStatus.Restoring => new { indicator = "major", description = "Partial System Outage" },
        _ => new { indicator = "critical", description = "Major System Outage" },
    };

    private static IEnumerable<object> Components(StatuspageData data) =>
        data.Groups.Select((group, index) => (object)new
        {
            id = $"group-{group.Id}",
            name = group.Name,
            status = data.Systems.Where(s => s.GroupId == group.Id).Select(s => s.Status).Worst().ToStatuspage(),
            created_at = data.Systems.Where(s => s.GroupId == group.Id).Min(s => s.CreatedAt),
            updated_at = data.Systems.Where(s => s.GroupId == group.Id).Max(s => s.StatusChangedAt),
            position = index + 1,
            description = (string?)null,
            showcase = false,
            start_date = (string?)null,
            group_id = (string?)null,
            page_id = PageId,
            group = true,
            only_show_if_degraded = false,
            components = data.Systems.Where(s => s.GroupId == group.Id).Select(s => s.Slug).ToList(),
        })
        .Concat(data.Systems.Select((system, index) => new
        {
            id = system.Slug,
            name = system.Name,
            status = system.Status.ToStatuspage(),
            created_at = system.CreatedAt,
            updated_at = system.StatusChangedAt,
            position = index + 1,
            description = (string?)system.Description,
            showcase = true,
            start_date = (string?)null,
            group_id = (string?)$"group-{system.GroupId}",
            page_id = PageId,
            group = false,
            only_show_if_degraded = false,
            components = (List<string>?)null,
        }));

    private static IEnumerable<object> Incidents(StatuspageData data, bool unresolvedOnly) =>
        data.Incidents.Where(i => !unresolvedOnly || i.Incident.IsActive).Select(i => new
        {
            id = $"incident-{i.Incident.Id}",
            name = i.Incident.Title,
            status = i.Incident.State.ToString().ToLowerInvariant(),
            created_at = i.Incident.StartedAt,
            updated_at = i.Incident.UpdatedAt,
            monitoring_at = (DateTimeOffset?)null,
            resolved_at = i.Incident.ResolvedAt,
            impact = i.Incident.Impact.ToString().ToLowerInvariant(),
            shortlink = (string?)null,
            started_at = i.Incident.StartedAt,
            page_id = PageId,
            incident_updates = i.Updates.Select(statement => new
            {
                id = $"statement-{statement.Id}",
                status = i.Incident.State.ToString().ToLowerInvariant(),
                body = statement.State == StatementState.Withdrawn
                    ? $"Withdrawn: {statement.WithdrawalReason}"
                    : $"{statement.Title}\n\n{statement.BodyMarkdown}",
                incident_id = $"incident-{i.Incident.Id}",
                created_at = statement.PublishedAt,
                updated_at = statement.UpdatedAt,
                display_at = statement.PublishedAt,
                affected_components = Array.Empty<object>(),
                deliver_notifications = true,
            }),
            components = i.AffectedSystems.Select(s => new { id = s.Slug, name = s.Name, status = s.Status.ToStatuspage() }),
        });

    private static IEnumerable<object> Maintenance(StatuspageData data, DateTimeOffset now, Func<Portal.Core.Domain.Maintenance, bool> which) =>
        data.Maintenance.Where(which).Select(m => new
        {
            id = $"maintenance-{m.Id}",
            name = m.Title,
            status = m.EndsAt <= now ? "completed" : m.StartsAt <= now ? "in_progress" : "scheduled",
            created_at = m.CreatedAt,
            updated_at = m.CreatedAt,
            scheduled_for = m.StartsAt,
            scheduled_until = m.EndsAt,
            impact = "maintenance",
            page_id = PageId,
            incident_updates = new[] { new { id = $"maintenance-{m.Id}-1", status = "scheduled", body = m.Description, created_at = m.CreatedAt } },
            components = data.Systems.Where(s => m.AffectedSystemIds.Contains(s.Id)).Select(s => new { id = s.Slug, name = s.Name, status = s.Status.ToStatuspage() }),
        });
}
