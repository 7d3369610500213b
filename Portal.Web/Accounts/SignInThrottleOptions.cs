namespace Portal.Web.Accounts;

/// <summary>How hard the portal slows password guessing (configuration section "Portal:SignInThrottle").</summary>
public sealed class SignInThrottleOptions
{
    public const string Section = "Portal:SignInThrottle";

    /// <summary>Failures in <see cref="Window"/> from one client address for one account, after which that address may not try that account.</summary>
    public int FailuresPerAddressAndAccount { get; set; } = 5;

    /// <summary>Failures in <see cref="Window"/> from one client address for any accounts, after which that address may not sign in.</summary>
    public int FailuresPerAddress { get; set; } = 50;

    /// <summary>Failures in <see cref="Window"/> for one account from anywhere, after which every attempt for it waits a little longer.</summary>
    public int FailuresPerAccountBeforeDelay { get; set; } = 10;

    /// <summary>The longest wait before an attempt is checked; the owner is slowed, never locked out.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(15);
}
