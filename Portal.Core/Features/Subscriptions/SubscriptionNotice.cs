using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Events.Payloads;

namespace Portal.Core.Features.Subscriptions;

/// <summary>
/// What one event tells a subscriber, before it is dressed as a mail: a subject, plain text, the
/// statement's sanitised HTML when there is one, and the portal page (relative to its public address) it is about.
/// </summary>
public sealed record SubscriptionNotice(
    PortalEventKind Kind, int? SystemId, string Subject, string Text, string? SanitisedHtml, string RelativeLink)
{
    /// <summary>The status change in <paramref name="portalEvent"/>, or null when it is not one.</summary>
    public static SystemStatusChangedData? StatusChangeIn(PortalEvent portalEvent) =>
        portalEvent.Type == PortalEventTypes.SystemStatusChanged && !portalEvent.Data.Contains("\"removed\":true", StringComparison.Ordinal)
            ? JsonSerializer.Deserialize<SystemStatusChangedData>(portalEvent.Data, PortalEvent.PayloadJson)
            : null;

    /// <summary>
    /// One status message holding every change since the last (oldest first) and the current status of
    /// each system changed, as the subscriber may see them now.
    /// </summary>
    public static SubscriptionNotice Digest(IReadOnlyList<SystemStatusChangedData> changes, IReadOnlyList<CurrentSystemStatus> current)
    {
        var text = new StringBuilder();
        var html = new StringBuilder();
        text.Append("Current status:\n");
        html.Append("<h2>Current status</h2><ul>");
        foreach (var system in current)
        {
            text.Append(CultureInfo.InvariantCulture, $"- {system.Name}: {system.Status.DisplayName()}\n");
            html.Append(CultureInfo.InvariantCulture, $"<li>{WebUtility.HtmlEncode(system.Name)}: <strong>{WebUtility.HtmlEncode(system.Status.DisplayName())}</strong></li>");
        }

        text.Append("\nChanges since the last message:\n");
        html.Append("</ul><h2>Changes since the last message</h2><ul>");
        foreach (var change in changes)
        {
            var when = change.ChangedAt.ToString("d MMM yyyy HH:mm 'UTC'", CultureInfo.InvariantCulture);
            var line = $"{change.Name}: {change.PreviousStatus.DisplayName()} to {change.Status.DisplayName()} ({when}). {change.Reason}".TrimEnd();
            text.Append(CultureInfo.InvariantCulture, $"- {line}\n");
            html.Append(CultureInfo.InvariantCulture, $"<li>{WebUtility.HtmlEncode(line)}</li>");
        }

        html.Append("</ul>");
        var subject = current.Count == 1
            ? $"{current[0].Name}: {current[0].Status.DisplayName()}"
            : $"Status update: {current.Count} systems changed";
        var link = current.Count == 1 ? $"systems/{current[0].Slug}" : "";
        return new(PortalEventKind.SystemStatus, current.Count == 1 ? current[0].Id : null, subject, text.ToString().TrimEnd(), html.ToString(), link);
    }

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
            case PortalEventTypes.MaintenanceUpdated:
                return Maintenance(JsonSerializer.Deserialize<MaintenanceUpdatedData>(portalEvent.Data, PortalEvent.PayloadJson)!, portalEvent.OccurredAt);
            case PortalEventTypes.PhaseUpdated:
                return Phase(JsonSerializer.Deserialize<PhaseUpdatedData>(portalEvent.Data, PortalEvent.PayloadJson)!);
            default:
                return null;
        }
    }

    /// <summary>The maintenance link: the board's list of planned maintenance.</summary>
    public const string MaintenanceLink = "#maintenance-heading";

    private static SubscriptionNotice Maintenance(MaintenanceUpdatedData window, DateTimeOffset occurredAt)
    {
        // Events written before the change was recorded say it only through the window itself.
        var change = window.Change ?? (window.CancelledAt is not null ? MaintenanceChange.Cancelled : MaintenanceChange.Changed);
        var when = $"From {Time(window.StartsAt)} to {Time(window.EndsAt)}.";
        var (subject, lead) = change switch
        {
            MaintenanceChange.Scheduled when window.StartsAt <= occurredAt =>
                ($"Maintenance under way: {window.Title}", "Maintenance has begun."),
            MaintenanceChange.Scheduled => ($"Maintenance planned: {window.Title}", "Maintenance is planned."),
            MaintenanceChange.Started => ($"Maintenance started: {window.Title}", "Maintenance has started."),
            MaintenanceChange.Finished => ($"Maintenance finished: {window.Title}", "Maintenance has finished."),
            MaintenanceChange.Cancelled => ($"Maintenance cancelled: {window.Title}", "This maintenance is called off."),
            _ => ($"Maintenance changed: {window.Title}", "The plans for this maintenance changed."),
        };
        var text = $"{lead} {when}";
        if (window.Description is { Length: > 0 } description && change != MaintenanceChange.Finished)
        {
            text += $"\n\n{description}";
        }

        return new(PortalEventKind.Maintenance, null, subject, text, null, MaintenanceLink);
    }

    private static SubscriptionNotice Phase(PhaseUpdatedData phase)
    {
        var number = phase.Number.ToString(CultureInfo.InvariantCulture);
        var (state, text) = phase.State switch
        {
            RestartPhaseState.InProgress => ("under way", phase.StartedAt is { } started ? $"It started at {Time(started)}." : "It has started."),
            RestartPhaseState.Complete => ("complete", phase.CompletedAt is { } completed ? $"It was completed at {Time(completed)}." : "It is complete."),
            _ => ("planned", phase.ExpectedStart is { } expected ? $"It is expected to start at {Time(expected)}." : "Its start is not yet set."),
        };
        return new(PortalEventKind.Phase, null, $"Restart phase {number}, {phase.Name}: {state}",
            $"Phase {number} of the restart, {phase.Name}, is {state}. {text}", null, "");
    }

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("d MMM yyyy HH:mm 'UTC'", CultureInfo.InvariantCulture);
}

/// <summary>A system's status as a subscriber may see it when their status message is sent.</summary>
public sealed record CurrentSystemStatus(int Id, string Slug, string Name, SystemStatus Status);
