using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Net.Http.Headers;

namespace Portal.Web.PublicReads;

/// <summary>
/// The output cache's only policy: public reads (see <see cref="PublicReads.Applies"/>) are looked up and
/// stored per audience set and encoding; everything else passes by. A document request and Blazor's enhanced
/// navigation share one entry (the page renders as for a document, see <see cref="PublicReads.RenderAsDocument"/>),
/// each served with its own headers. Concurrent misses for one entry wait for a single render, so an event
/// costs one render per answer, however many pages ask and however they ask.
/// </summary>
internal sealed class PublicReadPolicy(PublicReadState state) : IOutputCachePolicy
{
    internal const string GenerationItem = "portal.public-read.generation";
    internal const string NotCacheableItem = "portal.public-read.not-cacheable";

    public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var http = context.HttpContext;
        if (!PublicReads.Applies(http))
        {
            context.EnableOutputCaching = false;
            return ValueTask.CompletedTask;
        }

        context.EnableOutputCaching = true;
        context.AllowCacheLookup = true;
        context.AllowCacheStorage = true;
        context.AllowLocking = true;
        context.ResponseExpirationTimeSpan = PublicReads.ServerLifetime;
        context.CacheVaryByRules.QueryKeys = "*";
        context.CacheVaryByRules.VaryByValues["audiences"] = PublicReads.AudienceSet.Key;
        // The whole header, as the compression middleware reads its preferences from it: browsers of one kind send the same one.
        context.CacheVaryByRules.HeaderNames = HeaderNames.AcceptEncoding;
        context.Tags.Add(PublicReads.Tag(PublicReads.AudienceSet));
        http.Items[GenerationItem] = state.Generation;
        PublicReads.AnswerAsItsNavigationKind(http);
        return ValueTask.CompletedTask;
    }

    public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

    public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var http = context.HttpContext;
        // Asked again now that the request is authenticated: only a public read's answer is kept.
        if (!PublicReads.Applies(http)
            || http.Response.StatusCode != StatusCodes.Status200OK
            || http.Response.Headers.ContainsKey(HeaderNames.SetCookie)
            || http.Items.ContainsKey(NotCacheableItem)
            || http.Items[GenerationItem] is not long generation
            || generation != state.Generation)
        {
            context.AllowCacheStorage = false;
        }

        return ValueTask.CompletedTask;
    }
}
