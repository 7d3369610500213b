using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Persistence;

namespace Portal.Web.Accounts;

/// <summary>
/// Checks the six-digit codes of an authenticator app (RFC 6238: HMAC-SHA1, 30-second time steps)
/// and accepts each code once: the last accepted time step is kept per person, and that step and
/// earlier ones are refused (RFC 6238 §5.2), so a code seen over someone's shoulder or replayed
/// from a log is worthless. One step either side of now is accepted for a phone's clock drift.
/// </summary>
public sealed class OneTimeAuthenticatorCodes(PortalDbContext db, TimeProvider clock) : IUserTwoFactorTokenProvider<PortalUser>
{
    public const string ProviderName = "PortalAuthenticator";

    // Kept beside Identity's own authenticator key, in the person's authentication tokens.
    internal const string LoginProvider = "[PortalAuthenticator]";
    internal const string LastStepName = "LastAcceptedTimeStep";

    private const int StepSeconds = 30;

    /// <summary>The app makes the codes; the portal never sends one.</summary>
    public Task<string> GenerateAsync(string purpose, UserManager<PortalUser> manager, PortalUser user) => Task.FromResult(string.Empty);

    public async Task<bool> CanGenerateTwoFactorTokenAsync(UserManager<PortalUser> manager, PortalUser user) =>
        !string.IsNullOrWhiteSpace(await manager.GetAuthenticatorKeyAsync(user));

    public async Task<bool> ValidateAsync(string purpose, string token, UserManager<PortalUser> manager, PortalUser user)
    {
        var key = await manager.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrWhiteSpace(key) || token.Length != 6
            || !int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var code))
        {
            return false;
        }

        var secret = FromBase32(key);
        var now = clock.GetUtcNow().ToUnixTimeSeconds() / StepSeconds;
        for (var step = now - 1; step <= now + 1; step++)
        {
            if (CodeAt(secret, step) == code)
            {
                return await AcceptOnceAsync(user.Id, step);
            }
        }

        return false;
    }

    /// <summary>Records <paramref name="step"/> as the person's last accepted one, unless it or a later one already is; atomic across requests and nodes.</summary>
    private async Task<bool> AcceptOnceAsync(string userId, long step)
    {
        // Fixed-width digits compare as text in the same order as numbers.
        var value = step.ToString("D20", CultureInfo.InvariantCulture);
        var advanced = await db.UserTokens
            .Where(t => t.UserId == userId && t.LoginProvider == LoginProvider && t.Name == LastStepName && string.Compare(t.Value, value) < 0)
            .ExecuteUpdateAsync(u => u.SetProperty(t => t.Value, value));
        if (advanced == 1)
        {
            return true;
        }

        var first = await db.Database.ExecuteSqlAsync(
            $"""INSERT INTO "AspNetUserTokens" ("UserId", "LoginProvider", "Name", "Value") VALUES ({userId}, {LoginProvider}, {LastStepName}, {value}) ON CONFLICT DO NOTHING""");
        return first == 1;
    }

    private static int CodeAt(byte[] secret, long step)
    {
        Span<byte> counter = stackalloc byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(counter, step);
        Span<byte> hash = stackalloc byte[HMACSHA1.HashSizeInBytes];
        HMACSHA1.HashData(secret, counter, hash);
        var offset = hash[^1] & 0x0f;
        var binary = ((hash[offset] & 0x7f) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return binary % 1_000_000;
    }

    private static byte[] FromBase32(string text)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bytes = new List<byte>(text.Length * 5 / 8);
        int buffer = 0, bits = 0;
        foreach (var c in text.ToUpperInvariant())
        {
            var value = alphabet.IndexOf(c, StringComparison.Ordinal);
            if (value < 0)
            {
                continue;
            }

            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8)
            {
                bytes.Add((byte)(buffer >> (bits - 8)));
                bits -= 8;
            }
        }

        return [.. bytes];
    }
}

public static class OneTimeAuthenticatorCodesSetup
{
    /// <summary>Makes <see cref="OneTimeAuthenticatorCodes"/> the provider Identity checks authenticator codes with.</summary>
    public static IdentityBuilder AddOneTimeAuthenticatorCodes(this IdentityBuilder identity)
    {
        identity.Services.Configure<IdentityOptions>(options => options.Tokens.AuthenticatorTokenProvider = OneTimeAuthenticatorCodes.ProviderName);
        return identity.AddTokenProvider<OneTimeAuthenticatorCodes>(OneTimeAuthenticatorCodes.ProviderName);
    }
}
