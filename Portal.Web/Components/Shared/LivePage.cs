using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Web.Viewers;

namespace Portal.Web.Components.Shared;

/// <summary>
/// Every page that stays live, for viewers and in the console. In a circuit it loads through Core
/// for its viewer, subscribes after the first render within its <see cref="Scope"/>, reloads when a
/// change it may see arrives (and when one was committed between loading and subscribing, or while
/// the circuit's connection was down), and re-renders every minute so relative times stay true.
/// When the circuit's identity changes (the revalidating provider drops a disabled person, or one
/// whose memberships or roles changed), it reads as the new viewer at once: it subscribes again and
/// reloads, so it never keeps showing or receiving what they lost. A reload that fails reaches the
/// layout's error boundary rather than vanishing.
/// Rendered static (an anonymous viewer, see <see cref="StaticForAnonymousAttribute"/>), it renders
/// once, and its root tells <c>wwwroot/live.js</c> the sequence it is current at and the server's
/// clock, so the script can refresh it from the status hub and keep relative times true.
/// </summary>
public abstract class LivePage : ComponentBase, IDisposable
{
    private static readonly TimeSpan ClockTick = TimeSpan.FromMinutes(1);

    private IDisposable? _subscription;
    private ITimer? _clockTimer;
    private ClaimsPrincipal _user = new();
    private long _sequenceBeforeLoad;
    private long _changesBeforeLoad;
    private bool _disposed;

    [Inject] private PortalEventStream Events { get; set; } = null!;

    [Inject] protected TimeProvider Clock { get; set; } = null!;

    [Inject] private CircuitReconnects Reconnects { get; set; } = null!;

    [Inject] private AuthenticationStateProvider AuthenticationState { get; set; } = null!;

    protected Viewer Viewer { get; private set; } = Viewer.Anonymous;

    /// <summary>
    /// What the page follows: the viewer's audiences (the default), or the whole estate, which only
    /// staff are given; a console page that finds its person no longer staff follows nothing.
    /// </summary>
    protected virtual LiveScope Scope => LiveScope.ViewerAudiences;

    /// <summary>True once the page receives live changes (never while prerendering).</summary>
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

    /// <summary>
    /// The event sequence the page's data is current at. By default the last one published before the
    /// page last read its data; a page whose query reports the sequence it read at says that instead.
    /// </summary>
    protected virtual long LoadedSequence => _sequenceBeforeLoad;

    /// <summary>A change committed since the page last read its data that the page may not show yet.</summary>
    private bool IsBehind => Scope == LiveScope.WholeEstate
        ? Events.ChangeCount > _changesBeforeLoad
        : Events.LastPublishedSequence > LoadedSequence;

    private bool FollowsWholeEstate => Scope == LiveScope.WholeEstate && PortalRoles.All.Any(_user.IsInRole);

    protected override async Task OnParametersSetAsync()
    {
        _user = (await AuthenticationState.GetAuthenticationStateAsync()).User;
        Viewer = CurrentViewer.From(_user);
        await ReadAsync();
    }

    /// <summary>Reads the page's data for <see cref="Viewer"/>: when the page opens, and again after every change it may see.</summary>
    protected abstract Task LoadAsync();

    private async Task ReadAsync()
    {
        _changesBeforeLoad = Events.ChangeCount;
        _sequenceBeforeLoad = Events.LastPublishedSequence;
        await LoadAsync();
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender)
        {
            return;
        }

        Subscribe();
        _clockTimer = Clock.CreateTimer(_ => Dispatch(OnClockTickAsync), null, ClockTick, ClockTick);
        Reconnects.Reconnected += OnReconnected;
        AuthenticationState.AuthenticationStateChanged += OnAuthenticationStateChanged;
        IsLive = true;

        // A change committed between loading and subscribing would otherwise be missed.
        if (IsBehind)
        {
            await ReadAsync();
        }

        StateHasChanged();
    }

    private void Subscribe()
    {
        _subscription?.Dispose();
        _subscription = Scope switch
        {
            LiveScope.WholeEstate when FollowsWholeEstate => Events.SubscribeToConsole(() => Dispatch(CatchUpAsync)),
            LiveScope.WholeEstate => null,
            _ => Events.Subscribe(Viewer.Audiences, portalEvent => Dispatch(() => OnEventAsync(portalEvent))),
        };
    }

    private async Task OnEventAsync(PortalEvent portalEvent)
    {
        if (portalEvent.Sequence > LoadedSequence)
        {
            await RefreshAsync();
        }
    }

    private async Task CatchUpAsync()
    {
        if (IsBehind)
        {
            await RefreshAsync();
        }
    }

    /// <summary>Every minute: re-renders, so that "in 5 minutes" stays true. Override to reload what depends on the time.</summary>
    protected virtual Task OnClockTickAsync()
    {
        StateHasChanged();
        return Task.CompletedTask;
    }

    /// <summary>
    /// The circuit's person changed (signed out by revalidation, or new claims): read as who they are
    /// now. The old subscription carried their old audiences or roles, so it is replaced before reloading.
    /// </summary>
    private void OnAuthenticationStateChanged(Task<AuthenticationState> changed) => Dispatch(async () =>
    {
        var user = (await changed).User;
        var viewer = CurrentViewer.From(user);
        var wasFollowingWholeEstate = FollowsWholeEstate;
        _user = user;
        if (viewer.Equals(Viewer) && wasFollowingWholeEstate == FollowsWholeEstate)
        {
            return;
        }

        Viewer = viewer;
        Subscribe();
        if (Scope != LiveScope.WholeEstate || FollowsWholeEstate)
        {
            await RefreshAsync();
        }
    });

    private void OnReconnected() => Dispatch(RefreshAsync);

    /// <summary>Reads the page's data again and shows it; call it on the renderer's thread (from a handler, or after the page's own change).</summary>
    protected async Task RefreshAsync()
    {
        await ReadAsync();
        StateHasChanged();
    }

    /// <summary>
    /// Runs work for a change, a clock tick, a reconnect or another event on the renderer's thread.
    /// Nobody awaits it, so a failure is handed to the nearest error boundary as the page's own; it is not lost.
    /// </summary>
    protected void Dispatch(Func<Task> work) => _ = DispatchAsync(work);

    private async Task DispatchAsync(Func<Task> work)
    {
        try
        {
            await InvokeAsync(work);
        }
        catch (Exception problem) when (!_disposed)
        {
            await InvokeAsync(() => DispatchExceptionAsync(problem));
        }
    }

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

        _disposed = true;
        Reconnects.Reconnected -= OnReconnected;
        AuthenticationState.AuthenticationStateChanged -= OnAuthenticationStateChanged;
        _subscription?.Dispose();
        _clockTimer?.Dispose();
    }
}

/// <summary>What a <see cref="LivePage"/> follows.</summary>
public enum LiveScope
{
    /// <summary>Events its viewer's audiences may see: every page a viewer reads.</summary>
    ViewerAudiences,

    /// <summary>Every committed change, including those only staff see: the console. Given to staff only.</summary>
    WholeEstate,
}
