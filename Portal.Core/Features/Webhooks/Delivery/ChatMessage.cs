using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Events.Payloads;

namespace Portal.Core.Features.Webhooks;

/// <summary>
/// What a Teams or Slack channel is told of an event: a heading, a few lines of plain text, and a link
/// back to the page on the portal's public address that shows it. Written only from the event's own
/// payload, which carries what the endpoint's audiences may see and nothing else.
/// </summary>
public sealed record ChatMessage(string Heading, string Text, string Link)
{
    /// <summary>Slack's limit for a header block's text.</summary>
    private const int HeadingMaxLength = 150;

    /// <summary>Slack's limit for a section's text, well within an Adaptive Card's.</summary>
    private const int TextMaxLength = 3_000;

    /// <summary>The message for <paramref name="portalEvent"/>, or null when a channel has nothing to be told (an item removed from its view).</summary>
    public static ChatMessage? From(PortalEvent portalEvent, string portalAddress)
    {
        using (var document = JsonDocument.Parse(portalEvent.Data))
        {
            if (document.RootElement.TryGetProperty("removed", out var removed) && removed.ValueKind == JsonValueKind.True)
            {
                return null;
            }
        }

        return portalEvent.Type switch
        {
            PortalEventTypes.StatementPublished or PortalEventTypes.StatementAmended when Read<StatementPublishedData>(portalEvent) is { } s =>
                new ChatMessage(
                    (portalEvent.Type == PortalEventTypes.StatementAmended ? "Statement amended: " : "Statement: ") + s.Title,
                    s.Excerpt,
                    $"{portalAddress}statements/{Number(s.Id)}"),
            PortalEventTypes.StatementWithdrawn when Read<StatementWithdrawnData>(portalEvent) is { } w =>
                new ChatMessage("Statement withdrawn: " + w.Title, w.Reason, $"{portalAddress}statements/{Number(w.Id)}"),
            PortalEventTypes.SystemStatusChanged when Read<SystemStatusChangedData>(portalEvent) is { } c =>
                new ChatMessage(
                    $"{c.Name}: {c.Status.DisplayName()}",
                    string.Join("\n", new[]
                    {
                        $"Was {c.PreviousStatus.DisplayName()}.",
                        c.Reason,
                        c.Workaround is { Length: > 0 } workaround ? "Workaround: " + workaround : "",
                    }.Where(line => line.Length > 0)),
                    $"{portalAddress}systems/{Uri.EscapeDataString(c.Slug)}"),
            PortalEventTypes.MaintenanceUpdated when Read<MaintenanceUpdatedData>(portalEvent) is { } m =>
                new ChatMessage(
                    MaintenanceHeading(m) + m.Title,
                    (m.Change == MaintenanceChange.Finished
                        ? $"{Time(m.StartsAt)} to {Time(m.EndsAt)} UTC."
                        : $"{Time(m.StartsAt)} to {Time(m.EndsAt)} UTC. {m.Description}").Trim(),
                    portalAddress + "#maintenance-heading"),
            PortalEventTypes.PhaseUpdated when Read<PhaseUpdatedData>(portalEvent) is { } p =>
                new ChatMessage($"Restart phase {Number(p.Number)}: {p.Name}", $"The phase is {Words(p.State.ToString())}.", portalAddress),
            PortalEventTypes.IncidentUpdated when Read<IncidentUpdatedData>(portalEvent) is { } i =>
                new ChatMessage("Incident: " + i.Title, $"The incident is {Words(i.State.ToString())}.", portalAddress),
            _ => new ChatMessage("The estate status changed", $"See the portal for the latest ({portalEvent.Type}).", portalAddress),
        } is { } message
            ? message with { Heading = Cut(message.Heading, HeadingMaxLength), Text = Cut(message.Text, TextMaxLength) }
            : null;
    }

    /// <summary>
    /// A Teams message for a Workflows webhook ("When a Teams webhook request is received"): one Adaptive
    /// Card attachment with the heading, the text and a button to the portal.
    /// </summary>
    public byte[] ToTeamsJson()
    {
        var card = new JsonObject
        {
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["type"] = "AdaptiveCard",
            ["version"] = "1.4",
            ["body"] = new JsonArray(
                new JsonObject { ["type"] = "TextBlock", ["text"] = Heading, ["weight"] = "Bolder", ["size"] = "Medium", ["wrap"] = true },
                new JsonObject { ["type"] = "TextBlock", ["text"] = Text, ["wrap"] = true }),
            ["actions"] = new JsonArray(new JsonObject { ["type"] = "Action.OpenUrl", ["title"] = "Open in the status portal", ["url"] = Link }),
        };
        var message = new JsonObject
        {
            ["type"] = "message",
            ["attachments"] = new JsonArray(new JsonObject
            {
                ["contentType"] = "application/vnd.microsoft.card.adaptive",
                ["contentUrl"] = null,
                ["content"] = card,
            }),
        };
        return JsonSerializer.SerializeToUtf8Bytes(message);
    }

    /// <summary>A Slack message for an incoming webhook: Block Kit blocks (header, section, a button), and the text notifications show.</summary>
    public byte[] ToSlackJson()
    {
        var message = new JsonObject
        {
            ["text"] = $"{Heading}: {Text}",
            ["blocks"] = new JsonArray(
                new JsonObject { ["type"] = "header", ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = Heading } },
                new JsonObject { ["type"] = "section", ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = SlackEscape(Text) } },
                new JsonObject
                {
                    ["type"] = "actions",
                    ["elements"] = new JsonArray(new JsonObject
                    {
                        ["type"] = "button",
                        ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = "Open in the status portal" },
                        ["url"] = Link,
                    }),
                }),
        };
        return JsonSerializer.SerializeToUtf8Bytes(message);
    }

    /// <summary>What happened to the window; events written before that was recorded say only whether it is cancelled.</summary>
    private static string MaintenanceHeading(MaintenanceUpdatedData window) => window.Change switch
    {
        MaintenanceChange.Scheduled => "Maintenance planned: ",
        MaintenanceChange.Changed => "Maintenance changed: ",
        MaintenanceChange.Started => "Maintenance started: ",
        MaintenanceChange.Finished => "Maintenance finished: ",
        MaintenanceChange.Cancelled => "Maintenance cancelled: ",
        _ => window.CancelledAt is null ? "Maintenance: " : "Maintenance cancelled: ",
    };

    private static T? Read<T>(PortalEvent portalEvent) => JsonSerializer.Deserialize<T>(portalEvent.Data, PortalEvent.PayloadJson);

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>"InProgress" reads as "in progress".</summary>
    private static string Words(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? " " + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    /// <summary>Slack's mrkdwn reads &amp;, &lt; and &gt; as markup: written as entities they show as typed.</summary>
    private static string SlackEscape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal)
        .Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
}
