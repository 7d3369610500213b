using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.DataProtection;

namespace Portal.Tests.Isolation;

/// <summary>
/// Everything a response tells its reader, as plain text to search: the body with HTML entities
/// and JSON <c>\uXXXX</c> escapes undone, and whatever Blazor tucked into comments
/// (<c>&lt;!--Blazor:{...}--&gt;</c> component descriptors and persisted component state), base64
/// decoded and, where the portal protected it, unprotected with the portal's own keys.
/// </summary>
public sealed partial class ReadableText(IDataProtectionProvider dataProtection)
{
    private readonly IDataProtector _descriptors = dataProtection
        .CreateProtector("Microsoft.AspNetCore.Components.ComponentDescriptorSerializer,V1").ToTimeLimitedDataProtector();

    private readonly IDataProtector _state = dataProtection.CreateProtector("Microsoft.AspNetCore.Components.Server.State");

    /// <summary>How many protected Blazor payloads were unprotected, so a test can show it looked inside them.</summary>
    public int DecodedPayloads => _decoded;

    private int _decoded;

    public string Of(string body)
    {
        var text = new StringBuilder(Unescape(body));
        foreach (Match comment in BlazorComment().Matches(body))
        {
            foreach (var payload in Payloads(comment.Groups[1].Value))
            {
                text.Append('\n').Append(Unescape(payload));
            }
        }

        return text.ToString();
    }

    private IEnumerable<string> Payloads(string comment)
    {
        var candidates = new List<string>();
        var trimmed = comment.Trim();
        if (trimmed.StartsWith('{'))
        {
            try
            {
                using var json = JsonDocument.Parse(trimmed);
                candidates.AddRange(json.RootElement.EnumerateObject()
                    .Where(p => p.Value.ValueKind == JsonValueKind.String).Select(p => p.Value.GetString()!));
            }
            catch (JsonException)
            {
                candidates.Add(trimmed);
            }
        }
        else
        {
            // "Blazor-Server-Component-State:BASE64" and the like.
            candidates.Add(trimmed[(trimmed.IndexOf(':', StringComparison.Ordinal) + 1)..]);
        }

        foreach (var candidate in candidates)
        {
            yield return candidate;
            if (Base64(candidate) is not { } bytes)
            {
                continue;
            }

            yield return Encoding.UTF8.GetString(bytes);
            foreach (var protector in new[] { _descriptors, _state })
            {
                if (TryUnprotect(protector, bytes) is { } plain)
                {
                    yield return plain;
                }
            }
        }
    }

    private string? TryUnprotect(IDataProtector protector, byte[] bytes)
    {
        try
        {
            var plain = Encoding.UTF8.GetString(protector.Unprotect(bytes));
            Interlocked.Increment(ref _decoded);

            // Persisted state is JSON whose values may be base64 of JSON again.
            return plain + "\n" + string.Join("\n", Base64Runs().Matches(plain).Select(m => Base64(m.Value)).OfType<byte[]>().Select(Encoding.UTF8.GetString));
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    private static byte[]? Base64(string value)
    {
        if (value.Length < 8)
        {
            return null;
        }

        var standard = value.Replace('-', '+').Replace('_', '/');
        standard = standard.PadRight(standard.Length + ((4 - (standard.Length % 4)) % 4), '=');
        var buffer = new byte[standard.Length];
        return Convert.TryFromBase64String(standard, buffer, out var written) ? buffer[..written] : null;
    }

    private static string Unescape(string text) =>
        WebUtility.HtmlDecode(JsonEscape().Replace(text, m => ((char)int.Parse(m.Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToString()));

    [GeneratedRegex(@"<!--\s*Blazor[^:]*:(.*?)-->", RegexOptions.Singleline)]
    private static partial Regex BlazorComment();

    [GeneratedRegex(@"\\u([0-9a-fA-F]{4})")]
    private static partial Regex JsonEscape();

    [GeneratedRegex(@"[A-Za-z0-9+/=_-]{16,}")]
    private static partial Regex Base64Runs();
}
