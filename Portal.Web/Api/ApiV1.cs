using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Portal.Core.Domain;
using Portal.Core.Features.ApiClients;
using Portal.Web.Accounts;

namespace Portal.Web.Api;

/// <summary>
/// What every <c>/api/v1</c> endpoint shares: key authentication, the per-key rate limit, strict
/// JSON bodies of bounded size, idempotency keys, and Core refusals answered as problem details.
/// </summary>
public static partial class ApiV1
{
    public const string Prefix = "/api/v1";

    /// <summary>The largest request body accepted, in bytes: a batch of metric points fits many times over.</summary>
    public const int MaxBodyBytes = 256 * 1024;

    public const string RateLimitPolicy = "api-v1-key";

    public const string IdempotencyKeyHeader = "Idempotency-Key";

    private const string BodyItem = "api-v1-body";

    /// <summary>Request bodies: camelCase, and a field the endpoint does not know is refused, never silently ignored.</summary>
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>The key-authenticated group every <c>/api/v1</c> endpoint maps into.</summary>
    public static RouteGroupBuilder MapApiV1Group(this IEndpointRouteBuilder endpoints, string tag) =>
        endpoints.MapGroup(Prefix)
            .WithTags(tag)
            .RequireAuthorization(policy => policy
                .AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName)
                .RequireClaim(ApiKeyAuthenticationHandler.ApiClientIdClaim))
            .RequireRateLimiting(RateLimitPolicy);

    public static IServiceCollection AddApiV1(this IServiceCollection services, IConfiguration configuration)
    {
        var perMinute = configuration.GetValue("Portal:Api:RequestsPerMinute", 600);
        services.AddRateLimiter(options => options.AddPolicy(RateLimitPolicy, new KeyRateLimit(perMinute)));
        return services;
    }

    /// <summary>The request body (read once, at most <see cref="MaxBodyBytes"/>), or null when it is too large.</summary>
    public static async Task<byte[]?> BodyAsync(HttpContext context)
    {
        if (context.Items.TryGetValue(BodyItem, out var read))
        {
            return (byte[]?)read;
        }

        byte[]? body = null;
        if (context.Request.ContentLength is null or <= MaxBodyBytes)
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[16 * 1024];
            int count;
            while ((count = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
            {
                buffer.Write(chunk, 0, count);
                if (buffer.Length > MaxBodyBytes)
                {
                    break;
                }
            }

            body = buffer.Length > MaxBodyBytes ? null : buffer.ToArray();
        }

        context.Items[BodyItem] = body;
        return body;
    }

    public static IResult TooLarge() => TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge,
        title: "The request is too large", detail: $"A request body may be at most {MaxBodyBytes / 1024} KB.");

    /// <summary>Reads the body as <typeparamref name="T"/>, or a validation problem that names the field that is wrong.</summary>
    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpContext context)
        where T : class
    {
        if (await BodyAsync(context) is not { } body)
        {
            return (null, TooLarge());
        }

        try
        {
            return JsonSerializer.Deserialize<T>(body, Json) is { } value
                ? (value, null)
                : (null, Invalid("body", "Send a JSON object."));
        }
        catch (JsonException problem)
        {
            if (problem.Message.Contains("could not be mapped", StringComparison.Ordinal) && QuotedName().Match(problem.Message) is { Success: true } unknown)
            {
                var name = unknown.Groups[1].Value;
                var at = FieldOf(problem.Path);
                var field = at == "body" ? name : at == name || at.EndsWith("." + name, StringComparison.Ordinal) ? at : $"{at}.{name}";
                return (null, Invalid(field, "This field is not known here."));
            }

            return (null, Invalid(FieldOf(problem.Path), problem.Path is null or "$"
                ? "The body is not valid JSON."
                : "This value is not valid here (check its type and format)."));
        }
    }

    /// <summary>A validation problem (RFC 9457) naming <paramref name="field"/>.</summary>
    public static IResult Invalid(string field, string error) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [error] },
            title: "The request has a field that is wrong");

    /// <summary>Runs a Core use case and answers its refusals as problem details; nothing is written when it refuses.</summary>
    public static async Task<IResult> TryAsync(Func<Task<IResult>> action)
    {
        try
        {
            return await action();
        }
        catch (ForbiddenException problem)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not allowed", detail: problem.Message);
        }
        catch (NotFoundException problem)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: problem.Message);
        }
        catch (ConcurrencyConflictException problem)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status412PreconditionFailed, title: "Changed since you read it", detail: problem.Message);
        }
        catch (DomainException problem)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "The change was refused", detail: problem.Message);
        }
    }

    /// <summary>The program behind the request (the group requires a key, so there always is one).</summary>
    public static Actor Caller(HttpContext context) =>
        ApiKeyAuthenticationHandler.ActorOf(context) ?? throw new InvalidOperationException("An /api/v1 endpoint ran without an API key.");

    /// <summary>The ETag of a system at <paramref name="version"/>.</summary>
    public static string SystemETag(int version) => $"\"v{version.ToString(CultureInfo.InvariantCulture)}\"";

    /// <summary>
    /// The version an <c>If-Match</c> header asks for: null when absent or <c>*</c>; -1 when it names
    /// no version this portal issued (so it can only be stale).
    /// </summary>
    public static int? ExpectedVersion(HttpRequest request)
    {
        var header = request.Headers.IfMatch.ToString().Trim();
        if (header.Length == 0 || header == "*")
        {
            return null;
        }

        var tag = header.StartsWith("W/", StringComparison.Ordinal) ? header[2..] : header;
        return tag.Length > 3 && tag.StartsWith("\"v", StringComparison.Ordinal) && tag.EndsWith('"')
            && int.TryParse(tag[2..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? version
            : -1;
    }

    /// <summary>Makes a write safe to retry: see <see cref="IdempotencyFilter"/>.</summary>
    public static RouteHandlerBuilder Idempotent(this RouteHandlerBuilder builder) =>
        builder.AddEndpointFilter<IdempotencyFilter>();

    private static string FieldOf(string? path) =>
        path is null or "$" or "" ? "body" : path.TrimStart('$').TrimStart('.');

    [GeneratedRegex("'([^']+)'")]
    private static partial Regex QuotedName();

    /// <summary>
    /// With an <c>Idempotency-Key</c> header, the first request is carried out and its answer kept for
    /// 24 hours; the same key and body again gets that answer and changes nothing; the same key with
    /// another body is refused (422).
    /// </summary>
    private sealed class IdempotencyFilter(BeginIdempotentRequest begin, FinishIdempotentRequest finish) : IEndpointFilter
    {
        public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
        {
            var context = invocation.HttpContext;
            var key = context.Request.Headers[IdempotencyKeyHeader].ToString();
            if (key.Length == 0)
            {
                return await next(invocation);
            }

            if (key.Length > IdempotentRequest.KeyMaxLength || ApiKeyAuthenticationHandler.ApiClientIdOf(context.User) is not { } clientId)
            {
                return Invalid(IdempotencyKeyHeader, $"An idempotency key may be at most {IdempotentRequest.KeyMaxLength} characters.");
            }

            if (await BodyAsync(context) is not { } body)
            {
                return TooLarge();
            }

            var fingerprint = Convert.ToHexString(SHA256.HashData(
                [.. Encoding.UTF8.GetBytes($"{context.Request.Method} {context.Request.Path}\n"), .. body]));
            var decision = await begin.HandleAsync(clientId, key, fingerprint, context.RequestAborted);
            switch (decision.Outcome)
            {
                case IdempotencyOutcome.Replay:
                    return new Replayed(decision.Earlier!);
                case IdempotencyOutcome.Mismatch:
                    return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Idempotency key reused",
                        detail: "This Idempotency-Key was used in the last 24 hours with a different request. Nothing was changed.");
                case IdempotencyOutcome.InProgress:
                    return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Request in progress",
                        detail: "A request with this Idempotency-Key is still being answered; retry in a moment.");
            }

            object? answer;
            try
            {
                answer = await next(invocation);
            }
            catch
            {
                await finish.HandleAsync(clientId, key, null, null, null, "", CancellationToken.None);
                throw;
            }

            if (answer is not IResult result)
            {
                await finish.HandleAsync(clientId, key, null, null, null, "", CancellationToken.None);
                return answer;
            }

            // Run the answer into a buffer, keep it, then send it.
            var response = context.Response;
            var original = response.Body;
            using var buffer = new MemoryStream();
            response.Body = buffer;
            try
            {
                await result.ExecuteAsync(context);
            }
            finally
            {
                response.Body = original;
            }

            var bytes = buffer.ToArray();
            var keep = response.StatusCode < 500 && response.StatusCode != StatusCodes.Status429TooManyRequests;
            await finish.HandleAsync(clientId, key, keep ? response.StatusCode : null, response.ContentType,
                response.Headers.ETag.ToString() is { Length: > 0 } etag ? etag : null, Encoding.UTF8.GetString(bytes), CancellationToken.None);
            return new Buffered(bytes);
        }
    }

    private sealed class Buffered(byte[] bytes) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext) => httpContext.Response.Body.WriteAsync(bytes).AsTask();
    }

    private sealed class Replayed(IdempotentRequest earlier) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = earlier.StatusCode!.Value;
            response.Headers["Idempotent-Replayed"] = "true";
            if (earlier.ContentType is { } contentType)
            {
                response.ContentType = contentType;
            }

            if (earlier.ETag is { } etag)
            {
                response.Headers.ETag = etag;
            }

            await response.WriteAsync(earlier.Body ?? "", httpContext.RequestAborted);
        }
    }

    /// <summary>A fixed window of requests per key per minute; a refusal says when to come back.</summary>
    private sealed class KeyRateLimit(int perMinute) : IRateLimiterPolicy<string>
    {
        public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected { get; } = async (rejected, cancellationToken) =>
        {
            var response = rejected.HttpContext.Response;
            var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
                ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
                : 60;
            response.StatusCode = StatusCodes.Status429TooManyRequests;
            response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            await TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests",
                detail: $"This key sent more than {perMinute} requests in a minute; retry after {seconds} seconds.").ExecuteAsync(rejected.HttpContext);
        };

        public RateLimitPartition<string> GetPartition(HttpContext httpContext) =>
            RateLimitPartition.GetFixedWindowLimiter(
                ApiKeyAuthenticationHandler.ApiClientIdOf(httpContext.User) is { } id
                    ? "key-" + id.ToString(CultureInfo.InvariantCulture)
                    : "address-" + httpContext.Connection.RemoteIpAddress,
                _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
    }
}
