using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Events.Payloads;
using Portal.Core.Persistence;

namespace Portal.Core.Features.Metrics;

/// <param name="Slug">Which metric.</param>
/// <param name="Direction">Whether a rise of it is better, worse or neither.</param>
public sealed record SetMetricDirectionRequest(string Slug, MetricDirection Direction);

/// <summary>
/// Says whether a rise of a metric is good or bad news, so viewers read "550 more than yesterday · worse".
/// An operator, or a program that may record the metric's values, may set it.
/// </summary>
public sealed class SetMetricDirection(
    IDbContextFactory<PortalDbContext> dbFactory,
    PortalEventStream stream,
    TimeProvider clock)
{
    public async Task<MetricUpdatedData> HandleAsync(
        SetMetricDirectionRequest request,
        Actor actor,
        CancellationToken cancellationToken = default)
    {
        actor.RequireRoleOrScope(PortalRoles.Operator, ApiScopes.MetricsWrite);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var metric = await db.Metrics.SingleOrDefaultAsync(m => m.Slug == request.Slug, cancellationToken)
            ?? throw new NotFoundException($"There is no metric '{request.Slug}'.");
        actor.RequireMayRecord(metric);

        var now = clock.GetUtcNow();
        var before = MetricRules.Snapshot(metric);
        metric.Update(metric.Name, metric.Unit, metric.Description, metric.Audiences, request.Direction);

        var data = MetricUpdatedData.From(metric, await db.LatestPointAsync(metric.Id, cancellationToken), pointsAdded: 0);
        db.Audit(actor, "metric.direction.set", MetricRules.EntityType, metric.Slug, before, MetricRules.Snapshot(metric), now);
        db.Emit(PortalEventTypes.MetricUpdated, metric.Audiences, data, now);
        await db.CommitAsync(stream, cancellationToken);
        return data;
    }
}
