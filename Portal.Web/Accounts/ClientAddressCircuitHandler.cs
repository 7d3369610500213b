using Microsoft.AspNetCore.Components.Server.Circuits;

namespace Portal.Web.Accounts;

/// <summary>Records the connecting address in <see cref="ClientAddress"/> when a circuit opens.</summary>
internal sealed class ClientAddressCircuitHandler(IHttpContextAccessor httpContext, ClientAddress address) : CircuitHandler
{
    public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        address.Value ??= httpContext.HttpContext?.Connection.RemoteIpAddress?.ToString();
        return Task.CompletedTask;
    }
}
