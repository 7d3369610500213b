using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Web.Viewers;

namespace Portal.Web.Components.Shared;

/// <summary>
/// A page that stays live. In a circuit it loads through Core for its viewer, subscribes to the
/// event stream with the viewer's audiences after the first render, reloads when an event it may
/// see arrives, and re-renders every minute so relative times stay true. Events for other audiences
/// never reach it. Rendered static (an anonymous viewer, see <see cref="StaticForAnonymousAttribute"/>),
/// it renders once, and its root tells <c>wwwroot/live.js</c> the sequence it is current at and the
/// server's clock, so the script can refresh it from the status hub and keep relative times true.
/// When the circuit's identity changes (the revalidating provider drops a disabled person, or one
/// whose memberships changed), a live page reads as the new viewer at once: it subscribes again
/// with the new audiences and reloads, so it never keeps showing or receiving what they lost.
/// </summary>
public abstract class LivePage : ComponentBase, IDisposable
{
    private static readonly TimeSpan ClockTick = TimeSpan.FromMinutes(1);

    private IDisposable? _subscription;
    private ITimer? _clockTimer;

    [Inject] private PortalEventStream Events { get; set; } = null!;

    [Inject] private CurrentViewer CurrentViewer { get; set; } = null!;

    [Inject] protected TimeProvider Clock { get; set; } = null!;

    [Inject] private CircuitReconnects Reconnects { get; set; } = null!;

    [Inject] private AuthenticationStateProvider AuthenticationState { get; set; } = null!;

    protected Viewer Viewer { get; private set; } = Viewer.Anonymous;

    /// <summary>True once the page receives live events (never while prerendering).</summary>
    protected bool IsLive { get; private set; }

    /// <summary>
    /// The page root's attributes: <c>data-live</c> "on" when live ("off" while prerendered, and on a
    /// static page until live.js has connected to the hub and found the page current), and on a static
    /// page <c>data-sequence</c> (what the page is current at) and <c>data-rendered-at</c> (server time).
    /// </summary>
    protected IReadOnlyDictionary<string, object> LiveRootAttributes => IsStatic
        ? new Dictionary<string, object>
        {
            ["data-live"] = "off",
            ["data-sequence"] = LoadedSequence,
            ["data-rendered-at"] = Clock.GetUtcNow().UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        }
        : new Dictionary<string, object> { ["data-live"] = IsLive ? "on" : "off" };

    /// <summary>Rendered once as static HTML: no circuit, and no interactive render mode to come.</summary>
    private bool IsStatic => !RendererInfo.IsInteractive && AssignedRenderMode is null;

    /// <summary>The event sequence the page's data is current at.</summary>
    protected abstract long LoadedSequence { get; }

    protected override async Task OnParametersSetAsync()
    {
        Viewer = await CurrentViewer.GetAsync();
        await LoadAsync();
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender)
        {
            return;
        }

        Subscribe();
        _clockTimer = Clock.CreateTimer(_ => _ = InvokeAsync(StateHasChanged), null, ClockTick, ClockTick);
        Reconnects.Reconnected += OnReconnected;
        AuthenticationState.AuthenticationStateChanged += OnAuthenticationStateChanged;
        IsLive = true;

        // An event committed between loading and subscribing would otherwise be missed.
        if (Events.LastPublishedSequence > LoadedSequence)
        {
            await LoadAsync();
        }

        StateHasChanged();
    }

    private void Subscribe()
    {
        _subscription?.Dispose();
        _subscription = Events.Subscribe(Viewer.Audiences, portalEvent => _ = InvokeAsync(() => OnEventAsync(portalEvent)));
    }

    /// <summary>
    /// The circuit's person changed (signed out by revalidation, or new claims): read as who they are
    /// now. The old subscription carried their old audiences, so it is replaced before reloading.
    /// </summary>
    private void OnAuthenticationStateChanged(Task<AuthenticationState> changed) => _ = InvokeAsync(async () =>
    {
        var viewer = Portal.Web.Viewers.CurrentViewer.From((await changed).User);
        if (viewer.Equals(Viewer))
        {
            return;
        }

        Viewer = viewer;
        Subscribe();
        await LoadAsync();
        StateHasChanged();
    });

    /// <summary>Reads the page's data for <see cref="Viewer"/>.</summary>
    protected abstract Task LoadAsync();

    private async Task OnEventAsync(PortalEvent portalEvent)
    {
        if (portalEvent.Sequence <= LoadedSequence)
        {
            return;
        }

        await LoadAsync();
        StateHasChanged();
    }

    private void OnReconnected() => _ = ReloadAsync();

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Stops the live updates; a page that subscribes to more overrides this and calls the base.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (!disposing)
        {
            return;
        }

        Reconnects.Reconnected -= OnReconnected;
        AuthenticationState.AuthenticationStateChanged -= OnAuthenticationStateChanged;
        _subscription?.Dispose();
        _clockTimer?.Dispose();
    }

    /// <summary>Reads the page's data again and shows it, from outside the renderer's thread.</summary>
    protected Task ReloadAsync() => InvokeAsync(async () =>
    {
        await LoadAsync();
        StateHasChanged();
    });
}
