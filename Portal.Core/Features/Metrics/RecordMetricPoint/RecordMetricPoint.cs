using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Persistence;

namespace Portal.Core.Features.Metrics;

/// <param name="At">When the figure was true; it may be in the past, but not more than a day ahead of now.</param>
public sealed record RecordMetricPointRequest(string Slug, DateTimeOffset At, decimal Value);

/// <summary>Records one value of a metric. A metric holds at most one value per moment.</summary>
public sealed class RecordMetricPoint(
    IDbContextFactory<PortalDbContext> dbFactory,
    PortalEventStream stream,
    TimeProvider clock)
{
    public async Task<MetricUpdatedData> HandleAsync(
        RecordMetricPointRequest request,
        Actor actor,
        CancellationToken cancellationToken = default)
    {
        actor.RequireRoleOrScope(PortalRoles.Operator, ApiScopes.MetricsWrite);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var metric = await db.Metrics.Include(m => m.Points).SingleOrDefaultAsync(m => m.Slug == request.Slug, cancellationToken)
            ?? throw new NotFoundException($"There is no metric '{request.Slug}'.");
        actor.RequireMayRecord(metric);

        var now = clock.GetUtcNow();
        var point = metric.AddPoint(request.At.ToUniversalTime(), request.Value, now);

        var data = MetricUpdatedData.From(metric, MetricRules.Latest(metric), pointsAdded: 1);
        db.Audit(actor, "metric.point.recorded", MetricRules.EntityType, metric.Slug, null, new { point.At, point.Value }, now);
        db.Emit(PortalEventTypes.MetricUpdated, metric.Audiences, data, now);
        await db.CommitAsync(stream, cancellationToken);
        return data;
    }
}
