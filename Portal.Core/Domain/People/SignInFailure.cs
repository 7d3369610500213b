namespace Portal.Core.Domain;

/// <summary>
/// A sign-in refused for a wrong password (or an unknown account), kept for a short window so the
/// portal can slow guessing per client address and per account without locking the owner out.
/// </summary>
public sealed class SignInFailure
{
    public const int AddressMaxLength = 64;
    public const int AccountMaxLength = PortalUser.EmailMaxLength;

    private SignInFailure()
    {
    }

    public SignInFailure(string address, string account, DateTimeOffset at)
    {
        Address = address.Length <= AddressMaxLength ? address : address[..AddressMaxLength];
        Account = account.Length <= AccountMaxLength ? account : account[..AccountMaxLength];
        At = at;
    }

    public long Id { get; private set; }

    /// <summary>The client's network (an IPv4 address, or an IPv6 /64 network).</summary>
    public string Address { get; private set; } = "";

    /// <summary>The email as typed, normalised; it need not belong to an account.</summary>
    public string Account { get; private set; } = "";

    public DateTimeOffset At { get; private set; }
}
