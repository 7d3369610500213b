namespace Portal.Core.Domain;

/// <summary>
/// A write an API client made with an <c>Idempotency-Key</c>: the request's fingerprint and the answer
/// it got, so a retry within <see cref="Lifetime"/> gets the same answer and changes nothing again.
/// </summary>
public sealed class IdempotentRequest
{
    public const int KeyMaxLength = 255;

    /// <summary>How long a key is remembered.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    private IdempotentRequest()
    {
    }

    public IdempotentRequest(int apiClientId, string key, string fingerprint, DateTimeOffset at)
    {
        ApiClientId = apiClientId;
        Key = Guard.Text(key, KeyMaxLength, nameof(key));
        Fingerprint = fingerprint;
        CreatedAt = at;
    }

    public int Id { get; private set; }

    public int ApiClientId { get; private set; }

    public string Key { get; private set; } = "";

    /// <summary>SHA-256 of the method, path and body, upper-case hex.</summary>
    public string Fingerprint { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>Null while the first request is still being answered.</summary>
    public int? StatusCode { get; private set; }

    public string? ContentType { get; private set; }

    public string? ETag { get; private set; }

    public string? Body { get; private set; }

    public bool IsExpiredAt(DateTimeOffset now) => now - CreatedAt >= Lifetime;

    public void Answered(int statusCode, string? contentType, string? etag, string body)
    {
        StatusCode = statusCode;
        ContentType = contentType;
        ETag = etag;
        Body = body;
    }
}
