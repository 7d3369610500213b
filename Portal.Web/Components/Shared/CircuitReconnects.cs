using Microsoft.AspNetCore.Components.Server.Circuits;

namespace Portal.Web.Components.Shared;

/// <summary>
/// Tells the live pages of one circuit that its connection came back after a drop, so they read
/// their data again rather than trusting that every update reached the browser meanwhile.
/// </summary>
public sealed class CircuitReconnects : CircuitHandler
{
    private bool _connectedBefore;

    public event Action? Reconnected;

    public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        if (_connectedBefore)
        {
            Reconnected?.Invoke();
        }

        _connectedBefore = true;
        return Task.CompletedTask;
    }
}
