using Microsoft.AspNetCore.DataProtection;
using MudBlazor.Services;
using Portal.Core.Persistence;
using Portal.Web.Api;
using Portal.Web.Components;
using Portal.Web.Viewers;

namespace Portal.Web;

public static class PortalWebServices
{
    public static IServiceCollection AddPortalWeb(this IServiceCollection services, PortalDatabase database)
    {
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();
        services.AddCascadingAuthenticationState();
        services.AddScoped<CurrentViewer>();
        services.AddHealthChecks().AddCheck<PortalDatabaseHealthCheck>("database");

        // Antiforgery and sign-in cookies must survive a restart: keep the keys beside the database.
        services.AddDataProtection()
            .SetApplicationName("EstateStatusPortal")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(Path.GetDirectoryName(database.FilePath)!, "keys")));
        return services;
    }

    public static WebApplication UsePortalWeb(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
        }

        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseAntiforgery();

        app.MapStaticAssets();
        app.MapHealthEndpoints();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
