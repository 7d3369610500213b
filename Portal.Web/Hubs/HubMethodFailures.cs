using Microsoft.AspNetCore.SignalR;

namespace Portal.Web.Hubs;

/// <summary>
/// Logs the status hub's own failures. SignalR's dispatcher logs every exception a hub method throws
/// as an error with its stack trace, the <see cref="HubException"/> a client provokes (a refused call,
/// see <see cref="HubCallRateLimit"/>) included, so one client looping on calls could fill the log.
/// Its log is therefore kept to critical entries (<see cref="StatusHubSetup"/>), and this filter logs
/// what needs an operator: a failure of the portal itself, not an answer to a client.
/// </summary>
internal sealed partial class HubMethodFailures(ILogger<HubMethodFailures> logger) : IHubFilter
{
    /// <summary>The category of SignalR's hub dispatcher, whose own error entries are left out of the log.</summary>
    public const string DispatcherCategory = "Microsoft.AspNetCore.SignalR.Internal.DefaultHubDispatcher";

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        try
        {
            return await next(invocationContext);
        }
        catch (Exception exception) when (exception is not HubException && !invocationContext.Context.ConnectionAborted.IsCancellationRequested)
        {
            LogFailed(exception, invocationContext.HubMethodName, invocationContext.Context.ConnectionId);
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Hub method {Method} failed on connection {ConnectionId}")]
    private partial void LogFailed(Exception exception, string method, string connectionId);
}
