using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Events.Payloads;
using Portal.Core.Persistence;

namespace Portal.Core.Features.Metrics;

/// <param name="Slug">Which metric; the slug itself never changes, as links and API clients rely on it.</param>
public sealed record UpdateMetricRequest(
    string Slug,
    string Name,
    string Unit,
    string Description,
    IReadOnlyList<string> Audiences,
    MetricDirection Direction);

/// <summary>Changes a metric's name, unit, description, audiences or direction; its points stay as they are.</summary>
public sealed class UpdateMetric(
    IDbContextFactory<PortalDbContext> dbFactory,
    PortalEventStream stream,
    TimeProvider clock)
{
    public async Task<MetricUpdatedData> HandleAsync(
        UpdateMetricRequest request,
        Actor actor,
        CancellationToken cancellationToken = default)
    {
        actor.Require(PortalRoles.Operator);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var metric = await db.Metrics.SingleOrDefaultAsync(m => m.Slug == request.Slug, cancellationToken)
            ?? throw new NotFoundException($"There is no metric '{request.Slug}'.");
        var audiences = await db.KnownAsync(request.Audiences, cancellationToken);

        var now = clock.GetUtcNow();
        var before = MetricRules.Snapshot(metric);
        metric.Update(request.Name, request.Unit, request.Description, audiences, request.Direction);

        var data = MetricUpdatedData.From(metric, await db.LatestPointAsync(metric.Id, cancellationToken), pointsAdded: 0);
        db.Audit(actor, "metric.updated", MetricRules.EntityType, metric.Slug, before, MetricRules.Snapshot(metric), now);
        db.Emit(PortalEventTypes.MetricUpdated, metric.Audiences, data, now);
        await db.CommitAsync(stream, cancellationToken);
        return data;
    }
}
