using Microsoft.AspNetCore.Components;
using Portal.Core.Events;

namespace Portal.Web.Components.Pages.Admin.Shared;

/// <summary>
/// A console page that follows other operators' changes: it subscribes to every event after the
/// first render (staff see all audiences), reloads when one newer than its data arrives, and
/// re-renders every minute so relative times stay true. Forms on the page keep what was typed:
/// they take their values once, when they open.
/// </summary>
public abstract class LiveConsolePage : ComponentBase, IDisposable
{
    private static readonly TimeSpan ClockTick = TimeSpan.FromMinutes(1);

    private IDisposable? _subscription;
    private ITimer? _clockTimer;

    [Inject] private PortalEventStream Events { get; set; } = null!;

    [Inject] protected TimeProvider Clock { get; set; } = null!;

    /// <summary>The event sequence the page's data is current at; events up to it are already shown.</summary>
    protected abstract long LoadedSequence { get; }

    /// <summary>Reads the page's data through Core.</summary>
    protected abstract Task LoadAsync();

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender)
        {
            return;
        }

        _subscription = Events.SubscribeToEverything(portalEvent => _ = InvokeAsync(() => OnEventAsync(portalEvent)));
        _clockTimer = Clock.CreateTimer(_ => _ = InvokeAsync(OnClockTickAsync), null, ClockTick, ClockTick);

        // A change committed between loading and subscribing would otherwise be missed.
        if (Events.LastPublishedSequence > LoadedSequence)
        {
            await LoadAsync();
            StateHasChanged();
        }
    }

    /// <summary>Every minute: re-renders, so that "in 5 minutes" stays true. Override to reload what depends on the time.</summary>
    protected virtual Task OnClockTickAsync()
    {
        StateHasChanged();
        return Task.CompletedTask;
    }

    private async Task OnEventAsync(PortalEvent portalEvent)
    {
        if (portalEvent.Sequence > LoadedSequence)
        {
            await LoadAsync();
            StateHasChanged();
        }
    }

    public void Dispose()
    {
        _subscription?.Dispose();
        _clockTimer?.Dispose();
        GC.SuppressFinalize(this);
    }
}
