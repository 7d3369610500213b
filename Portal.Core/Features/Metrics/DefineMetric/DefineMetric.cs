using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Events.Payloads;
using Portal.Core.Persistence;

namespace Portal.Core.Features.Metrics;

/// <param name="Slug">The metric's permanent name in URLs and the API: lower-case letters, digits and hyphens.</param>
public sealed record DefineMetricRequest(
    string Slug,
    string Name,
    string Unit,
    string Description,
    IReadOnlyList<string> Audiences,
    MetricDirection Direction = MetricDirection.Neutral);

/// <summary>Adds a metric, with no points yet. Slugs are unique.</summary>
public sealed class DefineMetric(
    IDbContextFactory<PortalDbContext> dbFactory,
    PortalEventStream stream,
    TimeProvider clock)
{
    public async Task<MetricUpdatedData> HandleAsync(
        DefineMetricRequest request,
        Actor actor,
        CancellationToken cancellationToken = default)
    {
        actor.Require(PortalRoles.Operator);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var audiences = await db.KnownAsync(request.Audiences, cancellationToken);
        var metric = new Metric(request.Slug, request.Name, request.Unit, request.Description, audiences, request.Direction);

        // Opened before the duplicate check so that, on SQLite, no other writer can take the slug in between.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var holder = await db.Metrics.Where(m => m.Slug == metric.Slug).Select(m => m.Name).FirstOrDefaultAsync(cancellationToken);
        if (holder is not null)
        {
            throw new DomainException($"There is already a metric '{metric.Slug}' ({holder}). Choose another slug.");
        }

        var now = clock.GetUtcNow();
        db.Metrics.Add(metric);
        var data = MetricUpdatedData.From(metric, latest: null, pointsAdded: 0);
        db.Audit(actor, "metric.defined", MetricRules.EntityType, metric.Slug, null, MetricRules.Snapshot(metric), now);
        db.Emit(PortalEventTypes.MetricUpdated, metric.Audiences, data, now);
        await db.CommitAsync(stream, cancellationToken);
        return data;
    }
}
