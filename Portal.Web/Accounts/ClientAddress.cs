namespace Portal.Web.Accounts;

/// <summary>The remote address of the current circuit or request.</summary>
public sealed class ClientAddress
{
    public string? Value { get; set; }
}
