using System.Net;
using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Core.Domain;
using Portal.Core.Persistence;

namespace Portal.Web.Accounts;

/// <summary>
/// Slows password guessing without handing an attacker a way to lock the owner out. Failures are
/// counted in the database (so on every node) per client address and account: an address that
/// keeps failing for an account may not try that account for a while, an address that fails for
/// many accounts may not sign in for a while, and an account that fails from everywhere makes each
/// further attempt wait a little (at most <see cref="SignInThrottleOptions.MaxDelay"/>). The owner,
/// signing in from their own place, is at most slowed. Unknown accounts are counted like known ones,
/// so the answers never tell which accounts exist.
/// </summary>
public sealed class SignInThrottle(IDbContextFactory<PortalDbContext> databases, TimeProvider clock, IOptions<SignInThrottleOptions> options)
{
    public string TooManyAttempts =>
        $"Too many failed sign-ins from your network. Wait {options.Value.Window.TotalMinutes:0} minutes and try again, or ask an administrator.";

    /// <summary>Whether this address may try this account now; waits first when the account is under attack from elsewhere.</summary>
    public async Task<bool> MayTryAsync(IPAddress? address, string email, CancellationToken cancellationToken = default)
    {
        var limits = options.Value;
        var (network, account) = (NetworkOf(address), AccountOf(email));
        var since = clock.GetUtcNow() - limits.Window;
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var recent = db.SignInFailures.Where(f => f.At > since);
        if (await recent.CountAsync(f => f.Address == network && f.Account == account, cancellationToken) >= limits.FailuresPerAddressAndAccount
            || await recent.CountAsync(f => f.Address == network, cancellationToken) >= limits.FailuresPerAddress)
        {
            return false;
        }

        var delay = DelayFor(await recent.CountAsync(f => f.Account == account, cancellationToken));
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, clock, cancellationToken);
        }

        return true;
    }

    /// <summary>How long an attempt waits when the account has failed this often in the window, from anywhere: doubling from a quarter second.</summary>
    public TimeSpan DelayFor(int accountFailures)
    {
        var over = accountFailures - options.Value.FailuresPerAccountBeforeDelay;
        if (over < 0)
        {
            return TimeSpan.Zero;
        }

        var delay = TimeSpan.FromMilliseconds(250 * Math.Pow(2, Math.Min(over, 16)));
        return delay < options.Value.MaxDelay ? delay : options.Value.MaxDelay;
    }

    public async Task RecordFailureAsync(IPAddress? address, string email, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var forgotten = now - options.Value.Window;
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        await db.SignInFailures.Where(f => f.At < forgotten).ExecuteDeleteAsync(cancellationToken);
        db.SignInFailures.Add(new SignInFailure(NetworkOf(address), AccountOf(email), now));
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The right password from this address clears that address's failures for the account.</summary>
    public async Task RecordSuccessAsync(IPAddress? address, string email, CancellationToken cancellationToken = default)
    {
        var (network, account) = (NetworkOf(address), AccountOf(email));
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        await db.SignInFailures.Where(f => f.Address == network && f.Account == account).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>An IPv4 address, or the /64 network of an IPv6 address (one subscriber usually holds a whole /64).</summary>
    internal static string NetworkOf(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return $"{new IPAddress(bytes)}/64";
    }

    internal static string AccountOf(string email) => email.Trim().ToUpperInvariant();
}
