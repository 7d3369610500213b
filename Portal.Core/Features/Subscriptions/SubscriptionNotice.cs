using System.Text.Json;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Features.Statements;
using Portal.Core.Features.Systems;

namespace Portal.Core.Features.Subscriptions;

/// <summary>
/// What one event tells a subscriber, before it is dressed as a mail: a subject, plain text, the
/// statement's sanitised HTML when there is one, and the portal page (relative to its public address) it is about.
/// </summary>
public sealed record SubscriptionNotice(
    PortalEventKind Kind, int? SystemId, string Subject, string Text, string? SanitisedHtml, string RelativeLink)
{
    /// <summary>The notice for <paramref name="portalEvent"/>, or null when subscribers are not told about it (or it removes an item).</summary>
    public static SubscriptionNotice? For(PortalEvent portalEvent)
    {
        if (portalEvent.Data.Contains("\"removed\":true", StringComparison.Ordinal))
        {
            return null;
        }

        switch (portalEvent.Type)
        {
            case PortalEventTypes.SystemStatusChanged:
                var change = JsonSerializer.Deserialize<SystemStatusChangedData>(portalEvent.Data, PortalEvent.PayloadJson)!;
                var text = $"{change.Name} is now {change.Status.DisplayName()} (was {change.PreviousStatus.DisplayName()}).";
                if (change.Reason is { Length: > 0 } reason)
                {
                    text += $"\n\n{reason}";
                }

                if (change.Workaround is { Length: > 0 } workaround)
                {
                    text += $"\n\nMeanwhile: {workaround}";
                }

                return new(PortalEventKind.SystemStatus, change.Id, $"{change.Name}: {change.Status.DisplayName()}", text, null, $"systems/{change.Slug}");
            case PortalEventTypes.StatementPublished or PortalEventTypes.StatementAmended:
                var statement = JsonSerializer.Deserialize<StatementPublishedData>(portalEvent.Data, PortalEvent.PayloadJson)!;
                var prefix = portalEvent.Type == PortalEventTypes.StatementAmended ? "Updated: " : "";
                return new(PortalEventKind.Statement, null, prefix + statement.Title, statement.Excerpt, statement.Html, $"statements/{statement.Id}");
            case PortalEventTypes.StatementWithdrawn:
                var withdrawn = JsonSerializer.Deserialize<StatementWithdrawnData>(portalEvent.Data, PortalEvent.PayloadJson)!;
                return new(PortalEventKind.Statement, null, $"Withdrawn: {withdrawn.Title}", $"This statement was withdrawn. {withdrawn.Reason}".TrimEnd(), null, $"statements/{withdrawn.Id}");
            default:
                return null;
        }
    }
}
