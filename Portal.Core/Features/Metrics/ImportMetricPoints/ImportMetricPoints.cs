using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Persistence;

namespace Portal.Core.Features.Metrics;

/// <param name="CsvText">
/// Lines of <c>timestamp,value</c>: an ISO 8601 date or date-time (UTC unless it carries an offset)
/// and a number with a '.' for decimals. An <c>at,value</c> or <c>timestamp,value</c> header line,
/// blank lines and a byte order mark are allowed.
/// </param>
public sealed record ImportMetricPointsRequest(string Slug, string CsvText);

/// <summary>What a line of an import got wrong. <paramref name="LineNumber"/> counts from 1, blank lines and header included.</summary>
public sealed record ImportLineError(int LineNumber, string Line, string Error);

/// <param name="Imported">How many points were added: all of the file's values, or 0 when there are errors.</param>
/// <param name="Errors">Every bad line, in file order; empty when the import was applied.</param>
public sealed record ImportMetricPointsResult(int Imported, IReadOnlyList<ImportLineError> Errors)
{
    public bool Succeeded => Errors.Count == 0;
}

/// <summary>
/// Adds the points of a CSV file to a metric, all or nothing: when any line is wrong, every wrong
/// line is reported and nothing is written, so the operator fixes the file and imports it again
/// without ever having half of it in. A file with no values, or with more than
/// <see cref="MaxValues"/>, is refused as a whole with a <see cref="DomainException"/>.
/// </summary>
public sealed class ImportMetricPoints(
    IDbContextFactory<PortalDbContext> dbFactory,
    PortalEventStream stream,
    TimeProvider clock)
{
    public const int MaxValues = MetricPointsCsv.MaxValues;

    public async Task<ImportMetricPointsResult> HandleAsync(
        ImportMetricPointsRequest request,
        Actor actor,
        CancellationToken cancellationToken = default)
    {
        actor.RequireRoleOrScope(PortalRoles.Operator, ApiScopes.MetricsWrite);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var metric = await db.Metrics.Include(m => m.Points).SingleOrDefaultAsync(m => m.Slug == request.Slug, cancellationToken)
            ?? throw new NotFoundException($"There is no metric '{request.Slug}'.");
        actor.RequireMayRecord(metric);

        var now = clock.GetUtcNow();
        var (points, errors) = MetricPointsCsv.Read(request.CsvText, metric.Points, now);
        if (errors.Count > 0)
        {
            return new ImportMetricPointsResult(0, errors);
        }

        metric.AddPoints(points, now);

        var data = MetricUpdatedData.From(metric, MetricRules.Latest(metric), points.Count);
        db.Audit(actor, "metric.points.imported", MetricRules.EntityType, metric.Slug, null,
            new { PointsAdded = points.Count, From = points.Min(p => p.At), To = points.Max(p => p.At) }, now);
        db.Emit(PortalEventTypes.MetricUpdated, metric.Audiences, data, now);
        await db.CommitAsync(stream, cancellationToken);
        return new ImportMetricPointsResult(points.Count, []);
    }
}
