using Microsoft.AspNetCore.SignalR;

namespace Portal.Web.Hubs;

/// <summary>What the server calls on a <see cref="StatusHub"/> client. Part of the public hub contract.</summary>
public interface IStatusClient
{
    /// <summary>A committed change the connection's audiences may see; on the wire the method is <c>event</c>.</summary>
    [HubMethodName("event")]
    Task Event(PortalEventMessage message);
}
