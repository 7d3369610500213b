using Microsoft.AspNetCore.SignalR;
using Portal.Core.Domain;
using Portal.Core.Features.Board;
using Portal.Core.Features.Events;
using Portal.Web.Viewers;

namespace Portal.Web.Hubs;

/// <summary>
/// Live status for our pages' neighbours: dealer systems, supplier ERPs, widgets. The connection's
/// audiences come from who it is (anonymous: Public; a signed-in person or an API key: their
/// audiences); it joins exactly one group for that set of audiences and cannot choose another.
/// </summary>
public sealed class StatusHub(
    StatusHubGroups groups,
    HubConnections connections,
    GetStatusBoard getStatusBoard,
    GetEventsAfter getEventsAfter) : Hub<IStatusClient>
{
    public const string Path = "/hubs/status";

    private Viewer Viewer => CurrentViewer.From(Context.User ?? new());

    public override async Task OnConnectedAsync()
    {
        if (!connections.Track(Context))
        {
            // A person's old cookie after their access changed: it joins no group.
            Context.Abort();
            return;
        }

        await Groups.AddToGroupAsync(Context.ConnectionId, groups.GroupFor(Viewer), Context.ConnectionAborted);
        await base.OnConnectedAsync();
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        connections.Forget(Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }

    /// <summary>The board for the caller's audiences, with the sequence it is current at.</summary>
    public Task<StatusBoard> GetSnapshot() => getStatusBoard.HandleAsync(Viewer, Context.ConnectionAborted);

    /// <summary>The events after <paramref name="afterSequence"/> the caller may see, or word that it must take a snapshot.</summary>
    public async Task<ResumeResult> Resume(long afterSequence)
    {
        var viewer = Viewer;
        return ResumeResult.From(await getEventsAfter.HandleAsync(viewer, afterSequence, Context.ConnectionAborted), viewer.Audiences);
    }
}
