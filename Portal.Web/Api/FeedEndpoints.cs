using System.ServiceModel.Syndication;
using System.Text;
using System.Xml;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Portal.Core.Domain;
using Portal.Core.Features.Feeds;
using Portal.Web.Viewers;

namespace Portal.Web.Api;

/// <summary>
/// Feeds for people who do not keep a page open: the history as Atom (<c>/history.atom</c>) and RSS
/// (<c>/history.rss</c>), Statuspage's paths, with one entry per statement revision, withdrawal and status
/// change, each with an id that never changes; and the maintenance windows as an iCalendar
/// (<c>/maintenance.ics</c>), one event per window with a stable UID and a SEQUENCE raised on each change.
/// Each carries only what the caller's audiences may see (anonymous callers: Public), and, like the
/// Statuspage API, an ETag of the event sequence they are current at, so polling readers get a cheap 304.
/// </summary>
public static class FeedEndpoints
{
    public const string AtomPath = "/history.atom";
    public const string RssPath = "/history.rss";
    public const string CalendarPath = "/maintenance.ics";

    /// <summary>The year in the feeds' <c>tag:</c> ids (RFC 4151); never changes, or every id would.</summary>
    private const string TagYear = "2026";

    public static IEndpointRouteBuilder MapFeedEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(AtomPath, (HttpContext context, GetHistoryFeed query, PortalAddress portal, CancellationToken cancellationToken) =>
                HistoryAsync(context, query, portal, atom: true, cancellationToken))
            .WithName("HistoryAtom")
            .WithTags("Feeds")
            .WithSummary("The 50 newest statement revisions, withdrawals and status changes the caller may see, as Atom.");
        endpoints.MapGet(RssPath, (HttpContext context, GetHistoryFeed query, PortalAddress portal, CancellationToken cancellationToken) =>
                HistoryAsync(context, query, portal, atom: false, cancellationToken))
            .WithName("HistoryRss")
            .WithTags("Feeds")
            .WithSummary("The 50 newest statement revisions, withdrawals and status changes the caller may see, as RSS 2.0.");
        endpoints.MapGet(CalendarPath, CalendarAsync)
            .WithName("MaintenanceCalendar")
            .WithTags("Feeds")
            .WithSummary("Every maintenance window the caller may see, cancelled ones marked so, as iCalendar.");
        return endpoints;
    }

    private static async Task<Results<ContentHttpResult, StatusCodeHttpResult>> HistoryAsync(
        HttpContext context, GetHistoryFeed query, PortalAddress portal, bool atom, CancellationToken cancellationToken)
    {
        var viewer = CurrentViewer.From(context.User);
        if (NotModified(context, viewer, await query.CurrentSequenceAsync(viewer, cancellationToken)))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        var history = await query.HandleAsync(viewer, cancellationToken);
        context.Response.Headers.ETag = ETag(viewer, history.Sequence);
        var address = portal.Value;
        var host = new Uri(address).Host;
        var feed = new SyndicationFeed(
            "Estate status history",
            "Statements and system status changes from the estate status portal.",
            new Uri(address),
            $"tag:{host},{TagYear}:history",
            history.Entries.Count > 0 ? history.Entries[0].At : DateTimeOffset.UnixEpoch)
        {
            Items = [.. history.Entries.Select(entry => new SyndicationItem(
                entry.Title,
                SyndicationContent.CreateHtmlContent(entry.Html),
                new Uri(address + entry.Path),
                $"tag:{host},{TagYear}:{entry.Key}",
                entry.At)
            {
                PublishDate = entry.At,
                Categories = { new SyndicationCategory(entry.Kind.ToString().ToLowerInvariant()) },
            })],
        };
        feed.Links.Add(SyndicationLink.CreateSelfLink(new Uri(address + (atom ? AtomPath : RssPath).TrimStart('/'))));

        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true }))
        {
            SyndicationFeedFormatter formatter = atom ? new Atom10FeedFormatter(feed) : new Rss20FeedFormatter(feed);
            formatter.WriteTo(writer);
        }

        return TypedResults.Content(
            Encoding.UTF8.GetString(stream.ToArray()),
            atom ? "application/atom+xml; charset=utf-8" : "application/rss+xml; charset=utf-8");
    }

    private static async Task<Results<ContentHttpResult, StatusCodeHttpResult>> CalendarAsync(
        HttpContext context, GetMaintenanceCalendar query, PortalAddress portal, CancellationToken cancellationToken)
    {
        var viewer = CurrentViewer.From(context.User);
        if (NotModified(context, viewer, await query.CurrentSequenceAsync(viewer, cancellationToken)))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        var maintenance = await query.HandleAsync(viewer, cancellationToken);
        context.Response.Headers.ETag = ETag(viewer, maintenance.Sequence);
        var address = portal.Value;
        var host = new Uri(address).Host;
        var calendar = new Ical.Net.Calendar { ProductId = "-//Estate status portal//Maintenance//EN" };
        calendar.AddProperty("X-WR-CALNAME", "Estate maintenance");
        calendar.AddProperty("X-PUBLISHED-TTL", "PT15M");
        foreach (var window in maintenance.Windows)
        {
            calendar.Events.Add(new CalendarEvent
            {
                Uid = $"maintenance-{window.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)}@{host}",
                Sequence = window.Version,
                Summary = window.Title,
                Description = window.Description,
                DtStart = new CalDateTime(window.StartsAt.UtcDateTime),
                DtEnd = new CalDateTime(window.EndsAt.UtcDateTime),
                DtStamp = new CalDateTime((window.CancelledAt ?? window.CreatedAt).UtcDateTime),
                Status = window.CancelledAt is null ? EventStatus.Confirmed : EventStatus.Cancelled,
                Url = new Uri(address),
            });
        }

        return TypedResults.Content(new CalendarSerializer().SerializeToString(calendar) ?? "", "text/calendar; charset=utf-8");
    }

    /// <summary>Sets the caching headers and answers whether the caller already holds the current version.</summary>
    private static bool NotModified(HttpContext context, Viewer viewer, long sequence)
    {
        context.Response.Headers.CacheControl = viewer.Equals(Viewer.Anonymous) ? "public, no-cache" : "private, no-cache";
        context.Response.Headers.Vary = "Cookie, Authorization";
        var current = ETag(viewer, sequence);
        if (context.Request.Headers.IfNoneMatch != current)
        {
            return false;
        }

        context.Response.Headers.ETag = current;
        return true;
    }

    private static string ETag(Viewer viewer, long sequence) => $"\"{viewer.Key}-{sequence}\"";
}
