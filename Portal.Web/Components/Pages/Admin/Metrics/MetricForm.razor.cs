using Microsoft.AspNetCore.Components;
using Portal.Core.Features.Audiences;
using Portal.Core.Features.Metrics;
using Portal.Web.Accounts;
using Portal.Web.Components.Pages.Admin.Shared;

namespace Portal.Web.Components.Pages.Admin.Metrics;

/// <summary>Defines a metric, or changes an existing one's name, unit, description and audiences (never its slug).</summary>
public sealed partial class MetricForm
{
    private MetricModel _model = new();
    private ConsoleProblem? _problem;
    private bool _saving;

    /// <summary>The metric to edit; none to define a new one.</summary>
    [Parameter] public ConsoleMetric? Metric { get; set; }

    [Parameter, EditorRequired] public required IReadOnlyList<AudienceOption> Audiences { get; set; }

    /// <summary>Receives what to tell the operator once the metric is saved.</summary>
    [Parameter] public EventCallback<string> OnSaved { get; set; }

    [Parameter] public EventCallback OnCancel { get; set; }

    [Inject] private DefineMetric Define { get; set; } = null!;

    [Inject] private UpdateMetric Update { get; set; } = null!;

    [Inject] private StaffActor Staff { get; set; } = null!;

    protected override void OnInitialized() => _model = Metric is null ? new MetricModel() : MetricModel.From(Metric);

    private async Task SaveAsync()
    {
        _saving = true;
        var actor = await Staff.GetAsync();
        _problem = await ConsoleActions.TryAsync(() => Metric is null
            ? Define.HandleAsync(_model.ToDefineRequest(), actor)
            : Update.HandleAsync(_model.ToUpdateRequest(), actor));
        _saving = false;

        if (_problem is null)
        {
            await OnSaved.InvokeAsync(Metric is null
                ? $"{_model.Name.Trim()} is defined. Add its first value, or import its history."
                : $"{_model.Name.Trim()} is saved.");
        }
    }
}
