using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Net.Http.Headers;

namespace Portal.Web.PublicReads;

/// <summary>
/// Runs for public reads the output cache could not answer. It compares <c>If-None-Match</c> with the
/// sequence Public may see before the page or endpoint runs any query; otherwise it renders into a
/// buffer, gives a good answer the headers a CDN or proxy can cache by, and keeps it as the last good
/// render. When the render fails (the database cannot be read), it serves that last good render, saying
/// when it was made, instead of an error.
/// </summary>
internal sealed class PublicReadMiddleware(RequestDelegate next, PublicReadState state, TimeProvider clock, ILogger<PublicReadMiddleware> logger)
{
    /// <summary>Set on the request by <see cref="PublicReadErrorBoundaryLogger"/> when a page's error boundary caught a failure.</summary>
    internal const string RenderFailed = "portal.public-read.render-failed";

    public async Task InvokeAsync(HttpContext context)
    {
        if (!PublicReads.Applies(context))
        {
            await next(context);
            return;
        }

        var etag = await CurrentETagAsync(context);
        if (etag is not null && Matches(context.Request, etag))
        {
            context.Response.StatusCode = StatusCodes.Status304NotModified;
            SetCacheHeaders(context, etag);
            return;
        }

        var key = LastGoodKey(context.Request);
        var renderedAt = clock.GetUtcNow();
        var body = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        PublicReads.RenderAsDocument(context.Request);
        state.CountRender();
        try
        {
            await next(context);
        }
        catch (Exception exception) when (!context.RequestAborted.IsCancellationRequested && !context.Response.HasStarted
                                          && key is not null && state.TryGetLastGood(key, out var stale))
        {
            logger.LogError(exception, "Serving the last good render of {Path} from {RenderedAt:O}: the page could not be rendered",
                context.Request.Path, stale.RenderedAt);
            context.Response.Body = body;
            await ServeStaleAsync(context, stale);
            return;
        }
        finally
        {
            context.Response.Body = body;
        }

        // A page's error boundary shows a failed read as a message in a 200 answer: that is no good render either.
        if (context.Response.StatusCode >= StatusCodes.Status500InternalServerError || context.Items.ContainsKey(RenderFailed))
        {
            context.Items[PublicReadPolicy.NotCacheableItem] = true;
            if (key is not null && state.TryGetLastGood(key, out var lastGood))
            {
                logger.LogWarning("Serving the last good render of {Path} from {RenderedAt:O}: the page could not read its data",
                    context.Request.Path, lastGood.RenderedAt);
                await ServeStaleAsync(context, lastGood);
                return;
            }
        }
        else if (context.Response.StatusCode == StatusCodes.Status200OK && !context.Response.Headers.ContainsKey(HeaderNames.SetCookie))
        {
            SetCacheHeaders(context, etag);
            if (key is not null)
            {
                state.Remember(key, new LastGoodRender(
                    buffer.ToArray(), context.Response.ContentType, context.Response.Headers.ContentSecurityPolicy, renderedAt));
            }
        }

        context.Response.ContentLength = buffer.Length;
        buffer.Position = 0;
        await buffer.CopyToAsync(body, context.RequestAborted);
    }

    private async Task<string?> CurrentETagAsync(HttpContext context)
    {
        try
        {
            return await state.ETagAsync(context.RequestAborted);
        }
        catch (Exception exception) when (!context.RequestAborted.IsCancellationRequested)
        {
            // The database cannot be read: no ETag, and the render below falls back to the last good one.
            logger.LogWarning(exception, "Could not read the newest public sequence");
            return null;
        }
    }

    internal static bool Matches(HttpRequest request, string etag) =>
        EntityTagHeaderValue.TryParseList(request.Headers.IfNoneMatch, out var asked)
        && EntityTagHeaderValue.TryParse(etag, out var current)
        && asked.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(current, useStrongComparison: false));

    /// <summary>
    /// The headers the answer is cached with, a document's: an enhanced navigation (a live page refreshing
    /// itself) gets its own <c>Cache-Control</c> on the way out (<see cref="PublicReads.AnswerAsItsNavigationKind"/>).
    /// </summary>
    private static void SetCacheHeaders(HttpContext context, string? etag)
    {
        var headers = context.Response.Headers;
        headers.CacheControl = PublicReads.KeptCacheControl;
        headers.Remove(HeaderNames.Pragma);
        headers.Remove(HeaderNames.Expires);
        if (etag is not null)
        {
            headers.ETag = etag;
        }

        if (!context.Request.Path.StartsWithSegments("/api"))
        {
            headers.Append(HeaderNames.Vary, HeaderNames.Accept);
        }
    }

    private async Task ServeStaleAsync(HttpContext context, LastGoodRender stale)
    {
        context.Items[PublicReadPolicy.NotCacheableItem] = true;
        context.Response.Clear();
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = stale.ContentType;

        // The policy whose nonce the kept page carries: clearing the answer took this request's with it.
        context.Response.Headers.ContentSecurityPolicy = stale.ContentSecurityPolicy;
        context.Response.Headers.CacheControl = "public, no-cache";
        context.Response.Headers.LastModified = stale.RenderedAt.ToString("R", CultureInfo.InvariantCulture);
        var body = stale.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true
            ? WithNotice(stale)
            : stale.Body;
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }

    /// <summary>The last good page with a notice at the top of its body saying when it was current.</summary>
    private byte[] WithNotice(LastGoodRender stale)
    {
        var html = Encoding.UTF8.GetString(stale.Body);
        var at = stale.RenderedAt.ToUniversalTime();
        var today = clock.GetUtcNow().UtcDateTime.Date == at.UtcDateTime.Date;
        var when = at.ToString(today ? "HH:mm" : "d MMMM HH:mm", CultureInfo.InvariantCulture);
        var notice = $"<div class=\"stale-notice\" role=\"status\" data-testid=\"stale-notice\">Last updated {WebUtility.HtmlEncode(when)} UTC — live updates paused</div>";
        var bodyTag = html.IndexOf("<body", StringComparison.OrdinalIgnoreCase);
        var insertAt = bodyTag < 0 ? 0 : html.IndexOf('>', bodyTag) + 1;
        return Encoding.UTF8.GetBytes(html.Insert(insertAt, notice));
    }

    /// <summary>Where a page's last good render is kept: its path (both navigation kinds share it). Query-string variants are never kept.</summary>
    private static string? LastGoodKey(HttpRequest request) => request.QueryString.HasValue ? null : request.Path.Value;
}
