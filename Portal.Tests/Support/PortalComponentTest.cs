using System.Security.Claims;
using Bunit;
using Bunit.TestDoubles;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using Portal.Web.Accounts;
using Portal.Web.Viewers;

namespace Portal.Tests.Support;

/// <summary>
/// bUnit tests of portal components over a started <see cref="TestPortal"/>: MudBlazor services
/// with transitions off, loose JS interop, the portal's Core services, and an anonymous viewer
/// unless <see cref="SignInAs"/> or <see cref="SignInAsStaff"/> says otherwise.
/// </summary>
public abstract class PortalComponentTest : BunitContext, IAsyncLifetime
{
    private BunitAuthorizationContext _authorization = null!;

    protected TestPortal Portal { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        // Waits end as soon as their condition holds; the long ceiling only matters on a busy CI machine.
        DefaultWaitTimeout = TimeSpan.FromSeconds(15);
        Portal = await TestPortal.StartAsync(configure: ConfigurePortal);
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices(options =>
        {
            options.SnackbarConfiguration.ShowTransitionDuration = 0;
            options.SnackbarConfiguration.HideTransitionDuration = 0;
            options.PopoverOptions.CheckForPopoverProvider = false;
        });
        Services.AddSingleton<TimeProvider>(Portal.Clock);
        Services.AddHttpContextAccessor();
        Services.AddScoped<CurrentViewer>();
        Services.AddScoped<ClientAddress>();
        Services.AddScoped<StaffActor>();
        Services.AddScoped<Portal.Web.Components.Shared.CircuitReconnects>();
        _authorization = AddAuthorization();
        Services.AddFallbackServiceProvider(Portal.Services);

        // Components render as they do in a circuit; a test of a static render sets Static itself.
        // Last: reaching the renderer closes the service collection.
        Renderer.SetRendererInfo(new RendererInfo("Server", true));

        // Before any component subscribes to navigations (see NavigationRecorder).
        Navigations = new NavigationRecorder(Services.GetRequiredService<NavigationManager>());
    }

    /// <summary>Where the rendered components navigated to, to await a navigation rather than a render.</summary>
    protected NavigationRecorder Navigations { get; private set; } = null!;

    /// <summary>The confirmations the rendered components showed in the snackbar, oldest first.</summary>
    protected IReadOnlyList<string> Notices => [.. Services.GetRequiredService<ISnackbar>().ShownSnackbars.Select(s => s.Message ?? "")];

    /// <summary>Adds to the portal's services what the host would add and the components under test need.</summary>
    protected virtual void ConfigurePortal(IServiceCollection services)
    {
    }

    /// <summary>Signs the rendered components' viewer in with the given audiences.</summary>
    protected void SignInAs(string name, params string[] audiences)
    {
        _authorization.SetAuthorized(name);
        _authorization.SetClaims([.. audiences.Select(a => new Claim(CurrentViewer.AudienceClaimType, a))]);
    }

    /// <summary>Signs the viewer out after rendering, as the revalidating provider does to a disabled or changed person.</summary>
    protected void SignOut() => _authorization.SetNotAuthorized();

    /// <summary>Signs the rendered components' viewer in as staff holding <paramref name="roles"/>.</summary>
    protected void SignInAsStaff(string email, params string[] roles)
    {
        _authorization.SetAuthorized(email);
        _authorization.SetRoles(roles);
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await Portal.DisposeAsync();
    }
}
