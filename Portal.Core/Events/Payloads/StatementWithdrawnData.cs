
namespace Portal.Core.Events.Payloads;

/// <summary>The payload of a <see cref="PortalEventTypes.StatementWithdrawn"/> event.</summary>
/// <param name="Reason">Why the statement was withdrawn, as readers are told.</param>
public sealed record StatementWithdrawnData(int Id, string Title, DateTimeOffset WithdrawnAt, string Reason);
