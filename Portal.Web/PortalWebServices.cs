using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Portal.Core;
using MudBlazor.Services;
using Portal.Core.Domain;
using Portal.Core.Features.Subscriptions;
using Portal.Core.Persistence;
using Portal.Web.Accounts;
using Portal.Web.Api;
using Portal.Web.Components;
using Portal.Web.Components.Shared;
using Portal.Web.Hubs;
using Portal.Web.Mail;
using Portal.Web.PublicReads;
using Portal.Web.Security;
using Portal.Web.Subscriptions;
using Portal.Web.Viewers;

namespace Portal.Web;

public static class PortalWebServices
{
    /// <summary>The cookie that carries a signed-in person's session; without it (and without an API key) a request is anonymous.</summary>
    public const string SessionCookieName = "portal.session";

    public static IServiceCollection AddPortalWeb(this IServiceCollection services, IConfiguration configuration, PortalDatabase database)
    {
        // A statement body may be 20,000 characters and every keystroke sends it whole; 32 KB
        // (the default) would drop the connection of someone writing a long statement.
        services.AddRazorComponents().AddInteractiveServerComponents()
            .AddHubOptions(options => options.MaximumReceiveMessageSize = 256 * 1024);
        services.AddMudServices(options =>
        {
            // Away from the menu and the app bar's buttons, and left long enough to read.
            options.SnackbarConfiguration.PositionClass = MudBlazor.Defaults.Classes.Position.BottomRight;
            options.SnackbarConfiguration.VisibleStateDuration = 8000;
        });
        services.AddPublicReads();
        services.AddHttpContextAccessor();
        services.AddScoped<CurrentViewer>();
        services.AddSingleton<AudiencePreview>();
        services.AddTransient<Microsoft.AspNetCore.Authentication.IClaimsTransformation, AudiencePreviewClaims>();
        services.AddScoped<CircuitReconnects>();
        services.AddScoped<CircuitHandler>(provider => provider.GetRequiredService<CircuitReconnects>());
        // Without its database the portal still serves the public pages' last good renders: degraded, not down.
        services.AddHealthChecks().AddCheck<PortalDatabaseHealthCheck>("database", failureStatus: HealthStatus.Degraded);
        services.AddStatusHub(configuration);
        services.AddBrowserDefences(configuration);

        AddAccounts(services, configuration);
        services.AddApiV1(configuration);
        services.AddApiDescription();
        AddMail(services, configuration, database);
        return services;
    }

    private static void AddMail(IServiceCollection services, IConfiguration configuration, PortalDatabase database)
    {
        services.AddPortalSettings<PortalMailOptions, PortalMailOptionsValidator>(configuration, PortalMailOptions.Section);
        services.AddSingleton<IPortalMail>(provider =>
        {
            var settings = provider.GetRequiredService<IOptions<PortalMailOptions>>().Value;
            if (settings.SmtpHost is { Length: > 0 })
            {
                return ActivatorUtilities.CreateInstance<SmtpPortalMail>(provider);
            }

            // No mail server: each mail is an .eml file beside the database, so the demonstration works anywhere.
            var folder = Path.Combine(database.DataFolder, settings.PickupFolder);
            return ActivatorUtilities.CreateInstance<PickupFolderPortalMail>(provider, folder);
        });

        services.AddSingleton<PortalAddress>();

        // A personal feed address carries its token in the query string; the host's request lines
        // ("Request starting GET …?token=…") would write it to the log, so they are kept out.
        services.AddLogging(logging => logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning));
        services.AddSingleton<Portal.Core.Features.Webhooks.IPortalPublicAddress>(provider => provider.GetRequiredService<PortalAddress>());
        services.AddSingleton<Portal.Core.Features.Webhooks.IWebhookOwnerNotice, WebhookOwnerMail>();
        services.AddScoped<AccountMail>();

        services.AddEmailSubscriptions(configuration);
        services.AddSingleton<SubscriptionLinks>();
        services.AddSingleton(provider => ActivatorUtilities.CreateInstance<SubscriptionMail>(provider,
            Path.Combine(database.DataFolder, provider.GetRequiredService<IOptions<PortalMailOptions>>().Value.PickupFolder)));
        services.AddSingleton<ISubscriptionMail>(provider => provider.GetRequiredService<SubscriptionMail>());
    }

    private static void AddAccounts(IServiceCollection services, IConfiguration configuration)
    {
        services.AddMailingFormLimit();
        services.AddSingleton<AccountGate>();
        services.AddScoped<ClientAddress>();
        services.AddScoped<CircuitHandler, ClientAddressCircuitHandler>();
        services.AddScoped<StaffActor>();
        services.AddScoped<UnconfirmedSignIns>();
        services.AddSingleton<AccountSessions>();
        services.AddSignInSessions();
        services.AddPortalSettings<SignInThrottleOptions, SignInThrottleOptionsValidator>(configuration, SignInThrottleOptions.Section);
        services.AddSingleton<SignInThrottle>();
        services.AddScoped<SignInHomes>();
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, RevalidatingStaffStateProvider>();
        services.AddAuthorization();
        services.AddAuthentication(options =>
            {
                options.DefaultScheme = IdentityConstants.ApplicationScheme;
                options.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddApiKeys(services)
            .AddIdentityCookies();

        services.AddIdentityCore<PortalUser>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = 12;
                options.Password.RequireNonAlphanumeric = false;
                // Counts wrong authenticator and recovery codes; wrong passwords are SignInThrottle's.
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                options.Lockout.AllowedForNewUsers = true;
                options.SignIn.RequireConfirmedAccount = false;
                options.SignIn.RequireConfirmedEmail = true;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<PortalDbContext>()
            .AddSignInManager<PortalSignInManager>()
            .AddClaimsPrincipalFactory<PortalClaimsFactory>()
            .AddDefaultTokenProviders()
            .AddOneTimeAuthenticatorCodes();

        services.Configure<SecurityStampValidatorOptions>(options => options.ValidationInterval = TimeSpan.FromMinutes(1));
        services.ConfigureApplicationCookie(options =>
        {
            options.LoginPath = "/account/login";
            options.LogoutPath = "/account/logout";
            options.AccessDeniedPath = "/account/login";
            options.ExpireTimeSpan = TimeSpan.FromHours(8);
            options.SlidingExpiration = true;
            options.Cookie.Name = SessionCookieName;
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;

            // Pages redirect anonymous people to sign in; APIs answer 401. A signed-in person
            // without the role gets a plain 403 everywhere (never a redirect that hides it).
            options.Events.OnRedirectToLogin = context =>
            {
                if (context.Request.Path.StartsWithSegments("/api"))
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                }
                else
                {
                    context.Response.Redirect(context.RedirectUri);
                }

                return Task.CompletedTask;
            };
            options.Events.OnRedirectToAccessDenied = context =>
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
        });

        // The sign-in and sign-out pages choose where to go next through ReturnUrls. Every Identity
        // cookie would also jump to ?returnUrl= at its login and logout paths, skipping that check
        // (and failing on a non-ASCII address), so none does.
        services.PostConfigureAll<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions>(options =>
            options.Events.OnRedirectToReturnUrl = _ => Task.CompletedTask);

        services.AddHostedService<BootstrapAdministrator>();
    }

    public static WebApplication UsePortalWeb(this WebApplication app)
    {
        app.UseTransportDefences();

        // Before routing and the rest: a public answer kept ready needs none of it (see PublicReads).
        app.UseReadyPublicAnswers();
        app.UseHeadAsGet();

        // Once the server listens, its address is known: say whether links fall back to it.
        app.Lifetime.ApplicationStarted.Register(() => app.Services.GetRequiredService<PortalAddress>()
            .WarnIfNotConfigured(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger<PortalAddress>()));
        app.UseBrowserDefences();

        // Before the rest of the pipeline: a cached public answer needs none of it (see PublicReads).
        app.UsePublicReadCache();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
        }

        app.UseStatusCodePagesWithReExecute("/status/{0}", createScopeForStatusCodePages: true);
        app.Use((context, next) =>
        {
            // Friendly status pages are for people browsing: a refused form post (say, a missing
            // antiforgery token) or an API call keeps its plain status code and body.
            if (!HttpMethods.IsGet(context.Request.Method) || context.Request.Path.StartsWithSegments("/api"))
            {
                context.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodePagesFeature>()?.Enabled = false;
            }

            context.RequestServices.GetRequiredService<ClientAddress>().Value = context.Connection.RemoteIpAddress?.ToString();
            return next(context);
        });
        app.UseAuthentication();
        app.UseAuthorization();
        AccountGate.UseAccountGate(app);
        app.UseMailingFormAndEndpointLimits();
        app.UseAntiforgery();
        app.UsePublicReads();

        app.MapStaticAssets();
        app.MapHealthEndpoints();
        app.MapAccountEndpoints();
        app.MapAuditEndpoints();
        app.MapPreviewEndpoints();
        app.MapStatuspageEndpoints();
        app.MapStatuspageManageEndpoints();
        app.MapSystemsApiEndpoints();
        app.MapMetricsApiEndpoints();
        app.MapMaintenanceApiEndpoints();
        app.MapStatementsApiEndpoints();
        app.MapWebhooksApiEndpoints();
        app.MapApiDescription();
        app.MapFeedEndpoints();
        app.MapStatusLookEndpoints();
        app.MapWidgetEndpoints();
        app.MapEmailSubscriptionEndpoints();
        app.MapStatusHub();
        // The portal's own policy (Security/BrowserDefences) already says frame-ancestors 'self'; Blazor's
        // frame-ancestors-only header would replace it.
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode(options => options.ContentSecurityFrameAncestorsPolicy = null);
        return app;
    }
}
