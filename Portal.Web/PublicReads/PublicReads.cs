using System.IO.Compression;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.ResponseCompression;
using Portal.Core.Domain;
using Portal.Web.Components.Shared;

namespace Portal.Web.PublicReads;

/// <summary>
/// The crisis-day hot path: anonymous reads of the board, system and statement pages and of the
/// Statuspage API (<c>/api/v2/*</c>). They are served from ASP.NET Core's output cache, one entry per
/// audience set (anonymous is Public), evicted by the events that audience set may see
/// (<see cref="PublicCacheEviction"/>), with headers a CDN or proxy can cache by, an ETag compared
/// before any page query, Brotli or gzip, and the last good render when the database cannot be read.
/// Signed-in people and API keys are never served from this cache, and their answers are never compressed.
/// </summary>
public static class PublicReads
{
    /// <summary>How long a browser or proxy may use an answer without asking again; live pages ask again anyway (below).</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(5);

    /// <summary>How long a proxy may serve an expired answer while it fetches a new one.</summary>
    public static readonly TimeSpan StaleWhileRevalidate = TimeSpan.FromSeconds(10);

    /// <summary>How long a proxy may serve an answer when the portal answers with an error or not at all.</summary>
    public static readonly TimeSpan StaleIfError = TimeSpan.FromDays(1);

    /// <summary>
    /// How long this node keeps a render without an event: long enough to carry a crowd, short enough that
    /// what changes with time alone (a maintenance window starting, "5 minutes ago") is soon rendered again.
    /// </summary>
    public static readonly TimeSpan ServerLifetime = TimeSpan.FromSeconds(60);

    /// <summary>The audience set every cached answer is for: anonymous viewers see what Public may see.</summary>
    public static Viewer AudienceSet => Viewer.Anonymous;

    /// <summary>The output cache tag of everything cached for <paramref name="audienceSet"/>.</summary>
    public static string Tag(Viewer audienceSet) => $"audiences:{audienceSet.Key}";

    /// <summary>
    /// True for a GET or HEAD without any sign of a person or program (no signed-in user, no session
    /// cookie, no <c>Authorization</c> header), for a page rendered static for anonymous viewers or the
    /// Statuspage API. Without the session cookie and the header nothing can sign a request in, so this is
    /// known before authentication runs, which is where the cache answers (<see cref="UsePublicReadCache"/>).
    /// </summary>
    public static bool Applies(HttpContext context) =>
        (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
        && context.User.Identity?.IsAuthenticated != true
        && !context.Request.Headers.ContainsKey("Authorization")
        && !context.Request.Cookies.ContainsKey(PortalWebServices.SessionCookieName)
        && (context.Request.Path.StartsWithSegments("/api/v2") || StaticForAnonymousAttribute.Applies(context));

    private const string BlazorEnhancedNavigation = "blazor-enhanced-nav";

    /// <summary>What a document and the API answer carry: a browser or proxy may keep it for <see cref="MaxAge"/>.</summary>
    internal static readonly string KeptCacheControl =
        $"public, max-age={(int)MaxAge.TotalSeconds}, stale-while-revalidate={(int)StaleWhileRevalidate.TotalSeconds}, stale-if-error={(int)StaleIfError.TotalSeconds}";

    /// <summary>What the same answer carries for an enhanced navigation: revalidated every time, which the ETag makes cheap.</summary>
    internal static readonly string RevalidatedCacheControl = $"public, no-cache, stale-if-error={(int)StaleIfError.TotalSeconds}";

    /// <summary>
    /// True when Blazor's enhanced navigation asks (in-app links, and live.js refreshing an open page): it
    /// must see a change at once, so its answer is revalidated every time rather than kept for <see cref="MaxAge"/>.
    /// </summary>
    public static bool IsEnhancedNavigation(HttpRequest request) =>
        request.Headers.Accept.ToString().Contains("blazor-enhanced-nav=on", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Makes a page render for an enhanced navigation as it does for a document request, so that both are
    /// one render and one cached answer. Blazor tells them apart by the <c>Accept</c> header, and the two
    /// bodies differ only in that a document lists the portal's JavaScript initializers (which blazor.web.js
    /// reads once, when the document loads, and an enhanced navigation ignores) and an enhanced navigation
    /// has an <c>ssr-framing</c> header for streamed updates (no public page streams; without the header
    /// blazor.web.js reads the answer whole). Call just before the page renders.
    /// </summary>
    internal static void RenderAsDocument(HttpRequest request)
    {
        if (IsEnhancedNavigation(request))
        {
            request.Headers.Accept = "text/html";
        }
    }

    /// <summary>
    /// Gives each kind of request its own headers on the one answer both share, however that answer reaches
    /// it (a render, the output cache, a <c>304</c>): the answer is kept and stored with a document's headers,
    /// and an enhanced navigation's <c>Cache-Control</c> is set on its way out. Also gives back Blazor's
    /// <c>blazor-enhanced-nav: allow</c> as Blazor wrote it: the output cache stores a header value that
    /// matches one of its well-known strings in that string's case ("Allow"), and blazor.web.js, comparing
    /// case-sensitively, would then load the whole page again instead of merging it. Call where public reads
    /// enter the output cache.
    /// </summary>
    internal static void AnswerAsItsNavigationKind(HttpContext context)
    {
        // Asked now: the request renders as a document's later (RenderAsDocument).
        var enhanced = IsEnhancedNavigation(context.Request);
        var response = context.Response;
        response.OnStarting(() =>
        {
            var headers = response.Headers;
            if (string.Equals(headers[BlazorEnhancedNavigation], "allow", StringComparison.OrdinalIgnoreCase))
            {
                headers[BlazorEnhancedNavigation] = "allow";
            }

            // Only a good answer's: the last good render, served when the database cannot be read, says no-cache to both.
            if (enhanced && string.Equals(headers.CacheControl, KeptCacheControl, StringComparison.Ordinal))
            {
                headers.CacheControl = RevalidatedCacheControl;
            }

            return Task.CompletedTask;
        });
    }

    public static IServiceCollection AddPublicReads(this IServiceCollection services)
    {
        services.AddSingleton<PublicReadState>();
        services.AddSingleton<ReadyPublicAnswers>();
        services.AddHostedService<PublicCacheEviction>();
        services.AddOutputCache();
        Decorate<IOutputCacheStore>(services, (provider, inner) => new ReadyAnswersCacheStore(inner, provider.GetRequiredService<ReadyPublicAnswers>()));

        // The policy holds the state itself: a cache hit then never creates the request's service scope.
        services.AddOptions<OutputCacheOptions>().Configure<PublicReadState>((options, state) => options.AddBasePolicy(new PublicReadPolicy(state)));

        services.AddResponseCompression(options =>
        {
            options.EnableForHttps = true;
            options.Providers.Add<BrotliCompressionProvider>();
            options.Providers.Add<GzipCompressionProvider>();
        });

        // Compressed once per render and then served from the cache, so the smaller answer is worth the time.
        services.Configure<BrotliCompressionProviderOptions>(options => options.Level = CompressionLevel.Optimal);
        services.Configure<GzipCompressionProviderOptions>(options => options.Level = CompressionLevel.Optimal);
        services.AddSingleton<IResponseCompressionProvider>(provider =>
            new PublicReadCompression(ActivatorUtilities.CreateInstance<ResponseCompressionProvider>(provider)));
        Decorate<IAntiforgery>(services, (_, inner) => new PublicReadAntiforgery(inner));
        Decorate<IErrorBoundaryLogger>(services,
            (provider, inner) => new PublicReadErrorBoundaryLogger(inner, provider.GetRequiredService<IHttpContextAccessor>()));
        return services;
    }

    /// <summary>
    /// Answers <c>HEAD</c> wherever <c>GET</c> is answered (uptime monitors use it): the request is routed
    /// as a GET, then runs as the HEAD it is, so the server sends the headers without the body. Call before routing.
    /// </summary>
    public static WebApplication UseHeadAsGet(this WebApplication app)
    {
        const string head = "portal.head";
        app.Use((context, next) =>
        {
            if (HttpMethods.IsHead(context.Request.Method))
            {
                context.Request.Method = HttpMethods.Get;
                context.Items[head] = true;
            }

            return next(context);
        });
        app.UseRouting();
        app.Use((context, next) =>
        {
            if (context.Items.ContainsKey(head))
            {
                context.Request.Method = HttpMethods.Head;
            }

            return next(context);
        });
        return app;
    }

    /// <summary>
    /// The public answers kept ready to send (<see cref="ReadyPublicAnswers"/>), before routing and the
    /// per-response policy: a hit costs a look-up and one write. Call after the transport defences (the
    /// client's scheme and HSTS) and before <see cref="UseHeadAsGet"/>.
    /// </summary>
    public static WebApplication UseReadyPublicAnswers(this WebApplication app)
    {
        app.UseMiddleware<ReadyPublicAnswersMiddleware>();
        return app;
    }

    /// <summary>
    /// The output cache, straight after routing and the browser defences: a cached public answer is served
    /// without the error pages, authentication, authorization, rate limits and antiforgery behind it, which
    /// cost the crowd's requests most of their time on the server. A miss goes on through all of them, and
    /// is stored only when it is still a public read once the request is authenticated. In front of it, each
    /// good public answer is kept ready for <see cref="UseReadyPublicAnswers"/>.
    /// </summary>
    public static WebApplication UsePublicReadCache(this WebApplication app)
    {
        app.UseMiddleware<ReadyPublicAnswersKeeper>();
        app.UseOutputCache();
        return app;
    }

    /// <summary>Compression (so the cache, earlier in the pipeline, keeps compressed answers), then the ETag and last-good layer.</summary>
    public static WebApplication UsePublicReads(this WebApplication app)
    {
        app.UseResponseCompression();
        app.UseMiddleware<PublicReadMiddleware>();
        return app;
    }

    /// <summary>Wraps the service the framework registered (Razor components must be added first).</summary>
    private static void Decorate<TService>(IServiceCollection services, Func<IServiceProvider, TService, TService> decorate)
        where TService : class
    {
        var original = services.LastOrDefault(d => d.ServiceType == typeof(TService))
            ?? throw new InvalidOperationException($"Add Razor components (which add {typeof(TService).Name}) before public reads.");
        services.Remove(original);
        services.Add(ServiceDescriptor.Describe(typeof(TService), provider => decorate(provider, (TService)(original.ImplementationInstance
            ?? original.ImplementationFactory?.Invoke(provider)
            ?? ActivatorUtilities.CreateInstance(provider, original.ImplementationType!))), original.Lifetime));
    }
}
