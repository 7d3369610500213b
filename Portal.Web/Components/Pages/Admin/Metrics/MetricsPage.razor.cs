using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Core.Features.Audiences;
using Portal.Core.Features.Metrics;
using Portal.Web.Accounts;
using Portal.Web.Components.Shared;

namespace Portal.Web.Components.Pages.Admin.Metrics;

/// <summary>
/// Metrics for operators: each with its latest value and a line of its last 30 values, and panels
/// to edit it, add one value, or import many from pasted CSV. One panel is open at a time.
/// </summary>
public sealed partial class MetricsPage
{
    private MetricsForConsole? _metrics;
    private IReadOnlyList<AudienceOption> _audiences = [];
    private bool _creating;
    private (string Slug, MetricPanel Panel)? _open;

    private enum MetricPanel
    {
        Edit,
        Point,
        Import,
    }

    [Inject] private GetMetricsForConsole GetMetrics { get; set; } = null!;

    [Inject] private GetAudiences GetAudiences { get; set; } = null!;

    [Inject] private StaffActor Staff { get; set; } = null!;

    [Inject] private ISnackbar Snackbar { get; set; } = null!;

    /// <summary>A value as the console shows it: grouped digits, the decimals it has, and its unit.</summary>
    public static string FormatValue(decimal value, string unit) => MetricValues.Format(value, unit);

    protected override async Task OnInitializedAsync() => _audiences = await GetAudiences.HandleAsync();

    protected override async Task LoadAsync() => _metrics = await GetMetrics.HandleAsync(await Staff.GetAsync());

    private bool IsOpen(ConsoleMetric metric, MetricPanel panel) => _open == (metric.Slug, panel);

    private void StartCreating()
    {
        ClosePanels();
        _creating = true;
    }

    private void Open(ConsoleMetric metric, MetricPanel panel)
    {
        ClosePanels();
        _open = (metric.Slug, panel);
    }

    private void ClosePanels()
    {
        _creating = false;
        _open = null;
    }

    private async Task SavedAsync(string notice)
    {
        ClosePanels();
        Snackbar.Add(notice, Severity.Success);
        await LoadAsync();
    }
}
