using System.Globalization;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Core.Features.Metrics;

namespace Portal.Web.Components.Pages.Admin.Metrics;

/// <summary>
/// A small line of a metric's recent values (the last 30), with a sentence saying what it shows for
/// screen readers. Drawn only when there are two values or more.
/// </summary>
public sealed partial class MetricChart
{
    private readonly LineChartOptions _options = new()
    {
        ShowLegend = false,
        LineStrokeWidth = 2,
        MaxNumYAxisTicks = 4,
        YAxisToStringFunc = Compact,
    };

    private IReadOnlyList<MetricReading>? _shown;
    private List<ChartSeries<double>> _series = [];
    private string[] _labels = [];

    /// <summary>The metric whose recent points (the last 30, oldest first) are drawn.</summary>
    [Parameter, EditorRequired] public required ConsoleMetric Metric { get; set; }

    private string Summary
    {
        get
        {
            var first = Metric.RecentPoints[0];
            var last = Metric.RecentPoints[^1];
            return $"Last {Metric.RecentPoints.Count} values of {Metric.Name}: {MetricsPage.FormatValue(first.Value, Metric.Unit)} on {Day(first.At)}, "
                + $"{MetricsPage.FormatValue(last.Value, Metric.Unit)} on {Day(last.At)}.";
        }
    }

    protected override void OnParametersSet()
    {
        // Rebuilt only when the points change: the chart redraws whenever its series list is new.
        if (ReferenceEquals(_shown, Metric.RecentPoints))
        {
            return;
        }

        _shown = Metric.RecentPoints;
        var points = Metric.RecentPoints;
        var every = Math.Max(1, (int)Math.Ceiling(points.Count / 6.0));
        _series = [new ChartSeries<double> { Name = Metric.Name, Data = points.Select(p => (double)p.Value).ToArray() }];
        // Counted back from the newest, so the latest day is always labelled and labels never crowd.
        _labels = [.. points.Select((p, index) => (points.Count - 1 - index) % every == 0 ? Day(p.At) : "")];
    }

    private static string Day(DateTimeOffset at) => at.UtcDateTime.ToString("d MMM", CultureInfo.InvariantCulture);

    private static string Compact(double value) => Math.Abs(value) switch
    {
        >= 1_000_000_000 => (value / 1_000_000_000).ToString("0.#", CultureInfo.InvariantCulture) + "bn",
        >= 1_000_000 => (value / 1_000_000).ToString("0.#", CultureInfo.InvariantCulture) + "m",
        >= 10_000 => (value / 1_000).ToString("0.#", CultureInfo.InvariantCulture) + "k",
        _ => value.ToString("#,0.##", CultureInfo.InvariantCulture),
    };
}
