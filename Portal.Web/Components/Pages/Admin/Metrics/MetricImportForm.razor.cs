using Microsoft.AspNetCore.Components;
using Portal.Core.Features.Metrics;
using Portal.Web.Accounts;
using Portal.Web.Components.Pages.Admin.Shared;

namespace Portal.Web.Components.Pages.Admin.Metrics;

/// <summary>
/// Imports pasted <c>timestamp,value</c> lines into a metric, all or nothing. When any line is
/// wrong, every wrong line is listed with its number and what is wrong with it, the pasted text
/// stays for correcting, and nothing is written.
/// </summary>
public sealed partial class MetricImportForm
{
    private const string Example = "at,value\n2026-11-25T07:00:00Z,3120\n2026-11-26T07:00:00Z,2980";

    private MetricImportModel _model = new();
    private ImportMetricPointsResult? _result;
    private ConsoleProblem? _problem;
    private bool _saving;

    [Parameter, EditorRequired] public required ConsoleMetric Metric { get; set; }

    /// <summary>Told after points are imported, so the page can show them.</summary>
    [Parameter] public EventCallback OnImported { get; set; }

    [Parameter] public EventCallback OnClose { get; set; }

    [Inject] private ImportMetricPoints Import { get; set; } = null!;

    [Inject] private StaffActor Staff { get; set; } = null!;

    private static string Refusal(ImportMetricPointsResult result) => result.Errors.Count == 1
        ? "Nothing was imported: 1 line needs fixing. Correct it in the text below and import again."
        : $"Nothing was imported: {result.Errors.Count} lines need fixing. Correct them in the text below and import again.";

    private async Task ImportAsync()
    {
        _saving = true;
        _result = null;
        var actor = await Staff.GetAsync();
        ImportMetricPointsResult? result = null;
        _problem = await ConsoleActions.TryAsync(async () =>
            result = await Import.HandleAsync(new ImportMetricPointsRequest(Metric.Slug, _model.CsvText), actor));
        _saving = false;
        _result = result;

        if (result is { Succeeded: true })
        {
            // A fresh form, not an emptied one: an emptied field would at once say it is required.
            _model = new MetricImportModel();
            await OnImported.InvokeAsync();
        }
    }
}
