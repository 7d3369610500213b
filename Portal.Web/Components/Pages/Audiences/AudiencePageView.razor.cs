using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Routing;
using Portal.Core.Features.AudiencePages;
using Portal.Core.Features.Audiences;
using Portal.Web.Components.Shared;

namespace Portal.Web.Components.Pages.Audiences;

/// <summary>
/// One audience's own page (/suppliers, /retailers, /colleagues, or /for/{key} for audiences added
/// later), live like the board. Whether the viewer may open it is decided from the <see cref="LivePage"/>
/// viewer's audiences, never from raw claims, so anything that changes who the viewer is (an
/// administrator previewing as an audience) applies here too. Anonymous people are sent to sign in;
/// people outside the audience are refused with 403 before anything of the audience's is read.
/// </summary>
public sealed partial class AudiencePageView
{
    private enum Access
    {
        Loading,
        SignIn,
        Refused,
        Shown,
    }

    private Access _access;
    private string _key = "";
    private string _refusedName = "";
    private AudiencePage? _page;
    private IReadOnlyList<AudiencePageLink> _links = [];

    /// <summary>The audience, for /for/{key} (read from the address, like the short ones).</summary>
    [Parameter] public string? AudienceKey { get; set; }

    [CascadingParameter] private Task<AuthenticationState>? AuthenticationState { get; set; }

    [Inject] private GetAudiencePage GetAudiencePage { get; set; } = null!;

    [Inject] private GetAudiencePageLinks GetAudiencePageLinks { get; set; } = null!;

    [Inject] private GetAudiences GetAudiences { get; set; } = null!;

    [Inject] private NavigationManager Navigation { get; set; } = null!;

    [Inject] private IHttpContextAccessor HttpContextAccessor { get; set; } = null!;

    // A refused or redirected page holds nothing that an event could change.
    protected override long LoadedSequence => _access == Access.Shown && _page is not null ? _page.Sequence : long.MaxValue;

    protected override void OnInitialized() => Navigation.LocationChanged += OnLocationChanged;

    protected override void Dispose(bool disposing)
    {
        Navigation.LocationChanged -= OnLocationChanged;
        base.Dispose(disposing);
    }

    // Moving between /suppliers and /retailers keeps this component and passes it no new
    // parameters, so the address is the only sign that another audience's page is wanted.
    private void OnLocationChanged(object? sender, LocationChangedEventArgs e)
    {
        if (AudiencePagePaths.KeyOf(Navigation.ToBaseRelativePath(e.Location)) is { } key && key != _key)
        {
            Dispatch(RefreshAsync);
        }
    }

    protected override async Task LoadAsync()
    {
        // From the address rather than AudienceKey: a parameter the new route leaves out keeps its old value.
        _key = AudiencePagePaths.KeyOf(Navigation.ToBaseRelativePath(Navigation.Uri)) ?? "";
        if (!Viewer.Audiences.Contains(_key) || _key == Portal.Core.Domain.Audience.Public)
        {
            _page = null;
            await RefuseAsync();
            return;
        }

        _page = await GetAudiencePage.HandleAsync(_key, Viewer);
        if (_page is null)
        {
            Navigation.NotFound();
            return;
        }

        _links = await GetAudiencePageLinks.HandleAsync(Viewer);
        _access = Access.Shown;
    }

    /// <summary>That an audience has a page is public; what is on it is not.</summary>
    private async Task RefuseAsync()
    {
        var audience = (await GetAudiences.HandleAsync()).FirstOrDefault(a => a.Key == _key && a.Key != Portal.Core.Domain.Audience.Public);
        if (audience is null)
        {
            Navigation.NotFound();
            return;
        }

        var user = AuthenticationState is null ? null : (await AuthenticationState).User;
        if (user?.Identity?.IsAuthenticated != true)
        {
            _access = Access.SignIn;
            return;
        }

        _refusedName = audience.Name;
        _access = Access.Refused;
        if (!RendererInfo.IsInteractive && HttpContextAccessor.HttpContext is { Response.HasStarted: false } http)
        {
            http.Response.StatusCode = StatusCodes.Status403Forbidden;
        }
    }
}
