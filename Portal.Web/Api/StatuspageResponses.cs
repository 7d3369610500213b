using Portal.Core.Domain;
using StatuspageData = Portal.Core.Features.Statuspage.StatuspageData;

namespace Portal.Web.Api;

// The answers of the Statuspage API v2, in its field order. They are written with snake_case names
// (StatuspageEndpoints), so OnlyShowIfDegraded is only_show_if_degraded as Statuspage clients expect.

public sealed record StatuspagePage(string Id, string Name, string Url, string TimeZone, DateTimeOffset UpdatedAt);

public sealed record StatuspageComponent(
    string Id,
    string Name,
    string Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int Position,
    string? Description,
    bool Showcase,
    string? StartDate,
    string? GroupId,
    string PageId,
    bool Group,
    bool OnlyShowIfDegraded,
    IReadOnlyList<string>? Components);

/// <summary>A component as an incident or maintenance window names it.</summary>
public sealed record StatuspageComponentRef(string Id, string Name, string Status);

public sealed record StatuspageIncidentUpdate(
    string Id,
    string Status,
    string Body,
    string IncidentId,
    DateTimeOffset? CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? DisplayAt,
    IReadOnlyList<StatuspageComponentRef> AffectedComponents,
    bool DeliverNotifications,
    string? CustomTweet = null,
    string? TweetId = null);

public sealed record StatuspageIncident(
    string Id,
    string Name,
    string Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? MonitoringAt,
    DateTimeOffset? ResolvedAt,
    string Impact,
    string? Shortlink,
    DateTimeOffset StartedAt,
    string PageId,
    IReadOnlyList<StatuspageIncidentUpdate> IncidentUpdates,
    IReadOnlyList<StatuspageComponentRef> Components);

public sealed record StatuspageMaintenance(
    string Id,
    string Name,
    string Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? MonitoringAt,
    DateTimeOffset? ResolvedAt,
    string Impact,
    string? Shortlink,
    DateTimeOffset StartedAt,
    string PageId,
    IReadOnlyList<StatuspageIncidentUpdate> IncidentUpdates,
    IReadOnlyList<StatuspageComponentRef> Components,
    DateTimeOffset ScheduledFor,
    DateTimeOffset ScheduledUntil);

public sealed record StatuspageSummary(
    StatuspagePage Page,
    IReadOnlyList<StatuspageComponent> Components,
    IReadOnlyList<StatuspageIncident> Incidents,
    IReadOnlyList<StatuspageMaintenance> ScheduledMaintenances,
    StatuspageIndicator Status);

public sealed record StatuspageStatusAnswer(StatuspagePage Page, StatuspageIndicator Status);

public sealed record StatuspageComponentsAnswer(StatuspagePage Page, IReadOnlyList<StatuspageComponent> Components);

public sealed record StatuspageIncidentsAnswer(StatuspagePage Page, IReadOnlyList<StatuspageIncident> Incidents);

public sealed record StatuspageMaintenancesAnswer(StatuspagePage Page, IReadOnlyList<StatuspageMaintenance> ScheduledMaintenances);

/// <summary>Turns what a viewer may see (<see cref="StatuspageData"/>) into the Statuspage records.</summary>
internal static class StatuspageResponses
{
    public const string PageId = "estate";

    public static StatuspagePage Page(StatuspageData data, string url) => new(PageId, "Estate status", url, "Etc/UTC", data.UpdatedAt);

    public static IReadOnlyList<StatuspageComponent> Components(StatuspageData data) =>
    [
        .. data.Groups.Select((group, index) =>
        {
            var systems = data.Systems.Where(s => s.GroupId == group.Id).ToList();
            return new StatuspageComponent(
                $"group-{group.Id}", group.Name, systems.Select(s => s.Status).Worst().ToStatuspage(),
                systems.Min(s => s.CreatedAt), systems.Max(s => s.StatusChangedAt), index + 1,
                Description: null, Showcase: false, StartDate: null, GroupId: null, PageId, Group: true, OnlyShowIfDegraded: false,
                [.. systems.Select(s => s.Slug)]);
        }),
        .. data.Systems.Select((system, index) => new StatuspageComponent(
            system.Slug, system.Name, system.Status.ToStatuspage(), system.CreatedAt, system.StatusChangedAt, index + 1,
            system.Description, Showcase: true, StartDate: null, $"group-{system.GroupId}", PageId, Group: false, OnlyShowIfDegraded: false,
            Components: null)),
    ];

    public static IReadOnlyList<StatuspageIncident> Incidents(StatuspageData data, bool unresolvedOnly) =>
    [
        .. data.Incidents.Where(i => !unresolvedOnly || i.Incident.IsActive).Select(i =>
        {
            var id = $"incident-{i.Incident.Id}";
            var state = i.Incident.State.ToString().ToLowerInvariant();
            return new StatuspageIncident(
                id, i.Incident.Title, state, i.Incident.StartedAt, i.Incident.UpdatedAt, MonitoringAt: null, i.Incident.ResolvedAt,
                i.Incident.Impact.ToString().ToLowerInvariant(), Shortlink: null, i.Incident.StartedAt, PageId,
                [.. i.Updates.Select(statement => new StatuspageIncidentUpdate(
                    $"statement-{statement.Id}", state,
                    statement.State == StatementState.Withdrawn
                        ? $"Withdrawn: {statement.WithdrawalReason}"
                        : $"{statement.Title}\n\n{statement.BodyMarkdown}",
                    id, statement.PublishedAt, statement.UpdatedAt, statement.PublishedAt, AffectedComponents: [], DeliverNotifications: true))],
                [.. i.AffectedSystems.Select(Ref)]);
        }),
    ];

    public static IReadOnlyList<StatuspageMaintenance> Maintenance(StatuspageData data, DateTimeOffset now, Func<Portal.Core.Domain.Maintenance, bool> which) =>
    [
        .. data.Maintenance.Where(which).Select(m =>
        {
            var id = $"maintenance-{m.Id}";
            var affected = data.Systems.Where(s => m.AffectedSystemIds.Contains(s.Id)).Select(Ref).ToList();
            return new StatuspageMaintenance(
                id, m.Title, m.EndsAt <= now ? "completed" : m.StartsAt <= now ? "in_progress" : "scheduled",
                m.CreatedAt, m.CreatedAt, MonitoringAt: null, ResolvedAt: m.EndsAt <= now ? m.EndsAt : null, "maintenance", Shortlink: null,
                m.StartsAt, PageId,
                [new StatuspageIncidentUpdate($"{id}-1", "scheduled", m.Description, id, m.CreatedAt, m.CreatedAt, m.CreatedAt,
                    AffectedComponents: [], DeliverNotifications: true)],
                affected, m.StartsAt, m.EndsAt);
        }),
    ];

    private static StatuspageComponentRef Ref(EstateSystem system) => new(system.Slug, system.Name, system.Status.ToStatuspage());
}
