using System.Globalization;
using System.Text;
using Portal.Core.Domain;
using Portal.Core.Features.Metrics;

namespace Portal.Web.Api;

/// <summary>One value of a metric: when it was true and the figure.</summary>
public sealed record ApiMetricPoint(DateTimeOffset? At, decimal? Value);

/// <summary>Several values of a metric, recorded all or nothing.</summary>
public sealed record ApiMetricPoints(IReadOnlyList<ApiMetricPoint?>? Points);

/// <summary>What recording did: how many points were added and the metric's latest value now.</summary>
public sealed record ApiMetricRecorded(string Slug, int PointsAdded, DateTimeOffset? LatestAt, decimal? LatestValue);

/// <summary>
/// Whether a rise of a metric is better, worse or neither: <c>higherIsBetter</c>, <c>higherIsWorse</c> or
/// <c>neutral</c>. Viewers then read a change as "550 more than yesterday · worse".
/// </summary>
public sealed record ApiMetricDirection(string? Direction);

/// <summary>A metric's direction as the portal now holds it.</summary>
public sealed record ApiMetricDirectionSet(string Slug, string Direction);

/// <summary><c>/api/v1/metrics</c>: record metric points and say which way is better (metrics:write) through the console's use cases.</summary>
public static class MetricsApiEndpoints
{
    public static IEndpointRouteBuilder MapMetricsApiEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapApiV1Group("Metrics");

        api.MapPost("/metrics/{slug}/points", async (string slug, HttpContext context, RecordMetricPoint record) =>
            {
                var (point, problem) = await ApiV1.ReadAsync<ApiMetricPoint>(context);
                if (problem is not null)
                {
                    return problem;
                }

                if (Validate(point, "") is { } invalid)
                {
                    return invalid;
                }

                return await ApiV1.TryAsync(async () =>
                {
                    var data = await record.HandleAsync(new RecordMetricPointRequest(slug, point!.At!.Value, point.Value!.Value),
                        ApiV1.Caller(context), context.RequestAborted);
                    return TypedResults.Ok(new ApiMetricRecorded(data.Slug, data.PointsAdded, data.Latest?.At, data.Latest?.Value));
                });
            })
            .Idempotent()
            .WithName("ApiRecordMetricPoint")
            .WithSummary("Records one value of a metric (metrics:write).")
            .Accepts<ApiMetricPoint>("application/json")
            .Produces<ApiMetricRecorded>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        api.MapPost("/metrics/{slug}/points/batch", async (string slug, HttpContext context, ImportMetricPoints import) =>
            {
                var (batch, problem) = await ApiV1.ReadAsync<ApiMetricPoints>(context);
                if (problem is not null)
                {
                    return problem;
                }

                if (batch!.Points is not { Count: > 0 } points || points.Count > ImportMetricPoints.MaxValues)
                {
                    return ApiV1.Invalid("points", $"Send between 1 and {ImportMetricPoints.MaxValues} points.");
                }

                for (var i = 0; i < points.Count; i++)
                {
                    if (Validate(points[i], $"points[{i}].") is { } invalid)
                    {
                        return invalid;
                    }
                }

                // The batch goes through the same all-or-nothing import as a CSV file in the console.
                var csv = new StringBuilder();
                foreach (var point in points)
                {
                    csv.Append(point!.At!.Value.ToString("O", CultureInfo.InvariantCulture)).Append(',')
                        .Append(point.Value!.Value.ToString(CultureInfo.InvariantCulture)).Append('\n');
                }

                return await ApiV1.TryAsync(async () =>
                {
                    var result = await import.HandleAsync(new ImportMetricPointsRequest(slug, csv.ToString()), ApiV1.Caller(context), context.RequestAborted);
                    if (!result.Succeeded)
                    {
                        return TypedResults.ValidationProblem(
                            result.Errors.ToDictionary(e => $"points[{e.LineNumber - 1}]", e => new[] { e.Error }),
                            title: "Some points were refused; none was recorded");
                    }

                    var latest = points.MaxBy(p => p!.At!.Value)!;
                    return TypedResults.Ok(new ApiMetricRecorded(slug, result.Imported, latest.At, latest.Value));
                });
            })
            .Idempotent()
            .WithName("ApiRecordMetricPoints")
            .WithSummary("Records several values of a metric in one transaction, all or nothing (metrics:write).")
            .Accepts<ApiMetricPoints>("application/json")
            .Produces<ApiMetricRecorded>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        api.MapPut("/metrics/{slug}/direction", async (string slug, HttpContext context, SetMetricDirection set) =>
            {
                var (body, problem) = await ApiV1.ReadAsync<ApiMetricDirection>(context);
                if (problem is not null)
                {
                    return problem;
                }

                if (DirectionOf(body!.Direction) is not { } direction)
                {
                    return ApiV1.Invalid("direction", $"Say whether a rise is better or worse: one of {string.Join(", ", DirectionNames.Keys)}.");
                }

                return await ApiV1.TryAsync(async () =>
                {
                    var data = await set.HandleAsync(new SetMetricDirectionRequest(slug, direction), ApiV1.Caller(context), context.RequestAborted);
                    return TypedResults.Ok(new ApiMetricDirectionSet(data.Slug, NameOf(direction)));
                });
            })
            .WithName("ApiSetMetricDirection")
            .WithSummary("Says whether a rise of a metric is better, worse or neither (metrics:write).")
            .Accepts<ApiMetricDirection>("application/json")
            .Produces<ApiMetricDirectionSet>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return endpoints;
    }

    /// <summary>The API's names of a metric's directions.</summary>
    public static IReadOnlyDictionary<string, MetricDirection> DirectionNames { get; } = new Dictionary<string, MetricDirection>(StringComparer.Ordinal)
    {
        ["higherIsBetter"] = MetricDirection.HigherIsBetter,
        ["higherIsWorse"] = MetricDirection.HigherIsWorse,
        ["neutral"] = MetricDirection.Neutral,
    };

    private static MetricDirection? DirectionOf(string? name) =>
        name is not null && DirectionNames.TryGetValue(name, out var direction) ? direction : null;

    private static string NameOf(MetricDirection direction) => DirectionNames.First(d => d.Value == direction).Key;

    private static IResult? Validate(ApiMetricPoint? point, string prefix)
    {
        if (point is null)
        {
            return ApiV1.Invalid(prefix.Length == 0 ? "body" : prefix.TrimEnd('.'), "Send a point as {\"at\": ..., \"value\": ...}.");
        }

        if (point.At is null)
        {
            return ApiV1.Invalid(prefix + "at", "Say when the value was true, as an ISO 8601 time with an offset.");
        }

        if (point.Value is not { } value)
        {
            return ApiV1.Invalid(prefix + "value", "Give the value as a number.");
        }

        return Math.Abs(value) > Metric.MaxValueMagnitude
            ? ApiV1.Invalid(prefix + "value", $"A value may be at most {Metric.MaxValueMagnitude:N0} either side of zero.")
            : null;
    }
}
