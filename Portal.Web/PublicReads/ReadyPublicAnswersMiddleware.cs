using System.Globalization;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Portal.Web.PublicReads;

/// <summary>
/// Sends a public read from <see cref="ReadyPublicAnswers"/> before routing and everything after it (the
/// per-response policy, the output cache, authentication): the kept bytes and headers, the <c>304</c>
/// decided from the kept ETag, <c>HEAD</c> without the body. Only a GET or HEAD without a query string, an
/// <c>Authorization</c> header or the session cookie can be answered here, as for the output cache; any
/// other request, and one with no answer kept, goes on through the whole pipeline.
/// </summary>
internal sealed class ReadyPublicAnswersMiddleware(RequestDelegate next, ReadyPublicAnswers answers)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (TryKey(context.Request, out var key) && answers.TryGet(key, out var answer))
        {
            var notModified = NotModified(context.Request, answer);
            if (notModified || answers.IsFresh(answer))
            {
                answers.CountServed();
                return SendAsync(context, answer, notModified);
            }
        }

        return next(context);
    }

    private static bool NotModified(HttpRequest request, ReadyAnswer answer)
    {
        var ifNoneMatch = request.Headers.IfNoneMatch;
        return ifNoneMatch.Count > 0 && (string.Equals(ifNoneMatch.ToString(), answer.ETag, StringComparison.Ordinal)
                                         || PublicReadMiddleware.Matches(request, answer.ETag));
    }

    /// <summary>The key of a request that may be a public read, or false when it cannot be one.</summary>
    internal static bool TryKey(HttpRequest request, out ReadyAnswerKey key)
    {
        if (!(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            || request.QueryString.HasValue
            || request.Headers.ContainsKey(HeaderNames.Authorization)
            || (request.Headers.ContainsKey(HeaderNames.Cookie) && request.Cookies.ContainsKey(PortalWebServices.SessionCookieName))
            || request.Path.Value is not { Length: > 0 } path)
        {
            key = default;
            return false;
        }

        key = new ReadyAnswerKey(path, request.Scheme, request.Host.Value ?? "", request.Headers.AcceptEncoding.ToString(),
            PublicReads.IsEnhancedNavigation(request));
        return true;
    }

    private static Task SendAsync(HttpContext context, ReadyAnswer answer, bool notModified)
    {
        var response = context.Response;
        if (notModified)
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            Copy(answer.NotModifiedHeaders, response.Headers);
            return Task.CompletedTask;
        }

        Copy(answer.Headers, response.Headers);
        response.ContentLength = answer.Body.Length;
        return HttpMethods.IsHead(context.Request.Method)
            ? Task.CompletedTask
            : response.Body.WriteAsync(answer.Body, context.RequestAborted).AsTask();
    }

    private static void Copy(KeyValuePair<string, StringValues>[] from, IHeaderDictionary to)
    {
        foreach (var (name, value) in from)
        {
            to[name] = value;
        }
    }
}

/// <summary>
/// Keeps in <see cref="ReadyPublicAnswers"/> each good public answer that passes it (an output-cache hit
/// or a fresh render): in front of the output cache, after routing (which tells a public page) and the
/// per-response policy (whose nonce a rendered body carries). It keeps what was sent, headers and bytes, so
/// the next request gets the same policy and nonce with the same body.
/// </summary>
internal sealed class ReadyPublicAnswersKeeper(RequestDelegate next, ReadyPublicAnswers answers)
{
    /// <summary>Sent again by the server or worked out per answer.</summary>
    private static readonly HashSet<string> NotKept = new(StringComparer.OrdinalIgnoreCase)
    {
        HeaderNames.Date, HeaderNames.Age, HeaderNames.ContentLength, HeaderNames.TransferEncoding, HeaderNames.Connection,
        HeaderNames.Server,
    };

    /// <summary>
    /// What a <c>304</c> repeats of the answer (RFC 9110, 15.4.5), with the browser defences but the
    /// Content-Security-Policy: the browser keeps the policy stored with its own copy, whose nonce that copy's
    /// body carries, and the same ETag may belong to another render with another nonce.
    /// </summary>
    private static readonly HashSet<string> KeptFor304 = new(StringComparer.OrdinalIgnoreCase)
    {
        HeaderNames.CacheControl, HeaderNames.ETag, HeaderNames.Vary, HeaderNames.Expires,
        HeaderNames.XContentTypeOptions, "Referrer-Policy", HeaderNames.StrictTransportSecurity,
    };

    public Task InvokeAsync(HttpContext context) =>
        HttpMethods.IsGet(context.Request.Method) && PublicReads.Applies(context)
        && ReadyPublicAnswersMiddleware.TryKey(context.Request, out var key)
            ? ServeAndKeepAsync(context, key)
            : next(context);

    private async Task ServeAndKeepAsync(HttpContext context, ReadyAnswerKey key)
    {
        var generation = answers.Generation;
        var mayKeep = answers.MayKeep(generation);
        var response = context.Response;
        var body = response.Body;
        using var buffer = new MemoryStream();
        response.Body = buffer;
        try
        {
            await next(context);
        }
        finally
        {
            response.Body = body;
        }

        // Asked again now that the request is authenticated, as the output cache does before it stores.
        var keep = mayKeep
                   && response.StatusCode == StatusCodes.Status200OK
                   && !response.Headers.ContainsKey(HeaderNames.SetCookie)
                   && !context.Items.ContainsKey(PublicReadPolicy.NotCacheableItem)
                   && !StringValues.IsNullOrEmpty(response.Headers.ETag)
                   && PublicReads.Applies(context);
        if (response.HasStarted)
        {
            return;
        }

        if (buffer.Length > 0)
        {
            response.ContentLength = buffer.Length;
            await response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), context.RequestAborted);
        }
        else
        {
            await response.StartAsync(context.RequestAborted);
        }

        // The answer has started, so every header added on starting (the browser defences') is there now.
        if (keep && answers.Generation == generation)
        {
            answers.Keep(key, Ready([.. response.Headers], buffer.ToArray(), generation));
        }
    }

    private ReadyAnswer Ready(KeyValuePair<string, StringValues>[] sent, byte[] body, long generation)
    {
        // An answer the output cache had kept for a while is kept here only for the rest of its time.
        var lifetime = PublicReads.ServerLifetime;
        var age = sent.FirstOrDefault(h => string.Equals(h.Key, HeaderNames.Age, StringComparison.OrdinalIgnoreCase)).Value;
        if (long.TryParse(age.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            lifetime -= TimeSpan.FromSeconds(seconds);
        }

        var headers = sent.Where(h => !NotKept.Contains(h.Key)).ToArray();
        var etag = headers.First(h => string.Equals(h.Key, HeaderNames.ETag, StringComparison.OrdinalIgnoreCase)).Value.ToString();
        return new ReadyAnswer(body, headers, [.. headers.Where(h => KeptFor304.Contains(h.Key))], etag, generation, answers.Now, lifetime);
    }
}
