using System.Globalization;

namespace Portal.Core.Domain;

/// <summary>
/// The one place where the portal's internal names become words a supplier, retailer or colleague understands:
/// an incident's state ("We know the cause"), how a figure changed ("550 more than yesterday") and what someone
/// did in the console ("Submitted for approval"). Pages show these words; the API and events keep the names.
/// </summary>
public static class PlainWords
{
    private static readonly Dictionary<string, string> Actions = new(StringComparer.Ordinal)
    {
        ["account.feed-token.created"] = "Made a personal feed address",
        ["account.feed-token.revoked"] = "Revoked a personal feed address",
        ["account.password.changed"] = "Changed their password",
        ["account.password.reset"] = "Set a new password from a reset link",
        ["account.signed-out-everywhere"] = "Signed out everywhere",
        ["account.two-factor.enabled"] = "Turned on two-factor sign-in",
        ["apiclient.issued"] = "Issued an API key",
        ["apiclient.revoked"] = "Revoked an API key",
        ["audience.page-described"] = "Changed an audience's page",
        ["audience.registration-closed"] = "Closed registration",
        ["audience.registration-opened"] = "Opened registration",
        ["database.backed-up"] = "Backed up the database",
        ["estate.exported"] = "Exported the estate",
        ["estate.imported"] = "Imported the estate",
        ["incident.created"] = "Opened an incident",
        ["incident.updated"] = "Updated an incident",
        ["invitation.resent"] = "Sent an invitation again",
        ["invitation.revoked"] = "Withdrew an invitation",
        ["maintenance.cancelled"] = "Cancelled maintenance",
        ["maintenance.scheduled"] = "Scheduled maintenance",
        ["maintenance.updated"] = "Changed maintenance",
        ["metric.defined"] = "Added a figure",
        ["metric.point.recorded"] = "Recorded a figure",
        ["metric.points.imported"] = "Imported figures",
        ["metric.updated"] = "Changed a figure's details",
        ["metric.direction.set"] = "Said whether a figure rising is better or worse",
        ["people.invited.bulk"] = "Invited people from a file",
        ["person.administrator.created"] = "Created the first administrator",
        ["person.administrator.reset"] = "Reset an administrator's access",
        ["person.audiences.changed"] = "Changed someone's audiences",
        ["person.disabled"] = "Disabled an account",
        ["person.email-confirmed"] = "Confirmed their email address",
        ["person.enabled"] = "Enabled an account",
        ["person.invited"] = "Invited someone",
        ["person.joined"] = "Accepted an invitation",
        ["person.password-reset.sent"] = "Sent a password reset link",
        ["person.registered"] = "Registered",
        ["person.roles.changed"] = "Changed someone's roles",
        ["person.signed-out-everywhere"] = "Signed someone out everywhere",
        ["person.two-factor.reset"] = "Reset someone's two-factor sign-in",
        ["phase.completed"] = "Completed a restart phase",
        ["phase.created"] = "Added a restart phase",
        ["phase.started"] = "Started a restart phase",
        ["phase.updated"] = "Changed a restart phase",
        ["statement.amended"] = "Published an amendment",
        ["statement.amended.break-glass"] = "Published an amendment alone (break glass)",
        ["statement.amendment.approved"] = "Approved an amendment",
        ["statement.amendment.submitted"] = "Submitted an amendment for approval",
        ["statement.approved"] = "Approved",
        ["statement.drafted"] = "Started a draft",
        ["statement.edited"] = "Edited the draft",
        ["statement.published"] = "Published",
        ["statement.published.break-glass"] = "Published alone (break glass)",
        ["statement.published.scheduled"] = "Published at the scheduled time",
        ["statement.scheduled"] = "Scheduled for publication",
        ["statement.submitted"] = "Submitted for approval",
        ["statement.withdrawn"] = "Withdrew",
        ["subscription.changed"] = "Changed what an email subscription receives",
        ["subscription.deleted"] = "Deleted an email subscription",
        ["subscription.resumed"] = "Resumed an email subscription",
        ["subscription.suspended"] = "Suspended an email subscription",
        ["subscriptions.imported"] = "Imported email subscribers",
        ["system.created"] = "Added a system",
        ["system.group.created"] = "Added a system group",
        ["system.group.updated"] = "Changed a system group",
        ["system.status.changed"] = "Changed a system's status",
        ["system.updated"] = "Changed a system's details",
        ["template.created"] = "Added a statement template",
        ["template.updated"] = "Changed a statement template",
        ["webhook.changed"] = "Changed a webhook",
        ["webhook.deleted"] = "Deleted a webhook",
        ["webhook.delivery.resent"] = "Sent a webhook delivery again",
        ["webhook.disabled"] = "Disabled a webhook",
        ["webhook.enabled"] = "Enabled a webhook",
        ["webhook.registered"] = "Registered a webhook",
        ["webhook.secret.rotated"] = "Rotated a webhook's secret",
    };

    /// <summary>"We know the cause" for <see cref="IncidentState.Identified"/>: what the state means to someone waiting on it.</summary>
    public static string For(IncidentState state) => state switch
    {
        IncidentState.Investigating => "We are looking into it",
        IncidentState.Identified => "We know the cause",
        IncidentState.Monitoring => "A fix is in place and we are watching it",
        IncidentState.Resolved => "Resolved",
        _ => state.ToString(),
    };

    /// <summary>"9 Nov" (with the year when it is not this year's): a date a reader recognises without counting days back.</summary>
    public static string Day(DateTimeOffset at, DateTimeOffset now) =>
        at.UtcDateTime.ToString(at.UtcDateTime.Year == now.UtcDateTime.Year ? "d MMM" : "d MMM yyyy", CultureInfo.InvariantCulture);

    /// <summary>"550 more than yesterday", "1,240 less than yesterday", "No change since yesterday".</summary>
    public static string ChangeSinceYesterday(decimal change)
    {
        var amount = Math.Abs(change).ToString("#,0.##########", CultureInfo.InvariantCulture);
        return change switch
        {
            > 0 => $"{amount} more than yesterday",
            < 0 => $"{amount} less than yesterday",
            _ => "No change since yesterday",
        };
    }

    /// <summary>"550 more than yesterday · worse" for a backlog: the change, and whether it is good news when the metric says.</summary>
    public static string ChangeSinceYesterday(decimal change, MetricDirection direction) =>
        Verdict(change, direction) is { } verdict ? $"{ChangeSinceYesterday(change)} · {verdict}" : ChangeSinceYesterday(change);

    /// <summary>"better" or "worse" for a change of a metric with a direction; null for no change or a neutral metric.</summary>
    public static string? Verdict(decimal change, MetricDirection direction) => direction switch
    {
        _ when change == 0 => null,
        MetricDirection.HigherIsBetter => change > 0 ? "better" : "worse",
        MetricDirection.HigherIsWorse => change > 0 ? "worse" : "better",
        _ => null,
    };

    /// <summary>What a metric's direction means, for the console and the audit log: "Higher is worse".</summary>
    public static string For(MetricDirection direction) => direction switch
    {
        MetricDirection.HigherIsBetter => "Higher is better",
        MetricDirection.HigherIsWorse => "Higher is worse",
        MetricDirection.Neutral => "Neither: a change is neither better nor worse",
        _ => direction.ToString(),
    };

    /// <summary>
    /// "Submitted for approval" for <c>statement.submitted</c>: an audit action as a sentence's start. An action
    /// with no words of its own yet reads as its parts ("Webhook paused" for <c>webhook.paused</c>), never as code.
    /// </summary>
    public static string ForAction(string action)
    {
        if (Actions.TryGetValue(action, out var words))
        {
            return words;
        }

        var spaced = action.Replace('.', ' ').Replace('-', ' ').Replace('_', ' ').Trim();
        return spaced.Length == 0 ? action : char.ToUpperInvariant(spaced[0]) + spaced[1..];
    }
}
