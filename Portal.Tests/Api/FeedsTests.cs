using System.Net;
using System.ServiceModel.Syndication;
using System.Xml;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Domain;
using Portal.Core.Features.MaintenanceWindows;
using Portal.Core.Features.Systems;
using Portal.Tests.Support;

namespace Portal.Tests.Api;

public sealed class FeedsTests(PortalWebAppFixture fixture) : IClassFixture<PortalWebAppFixture>
{
    private readonly HttpClient _client = fixture.App.CreateClient();

    private async Task<(SyndicationFeed Feed, string Text)> LoadFeedAsync(string path, string mediaType)
    {
        var response = await _client.GetAsync(path);
        response.EnsureSuccessStatusCode();
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        using var reader = XmlReader.Create(new StringReader(text));
        return (SyndicationFeed.Load(reader), text);
    }

    private async Task<(Ical.Net.Calendar Calendar, string Text)> LoadCalendarAsync()
    {
        var response = await _client.GetAsync("/maintenance.ics");
        response.EnsureSuccessStatusCode();
        Assert.Equal("text/calendar", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        return (Ical.Net.Calendar.Load(text)!, text);
    }

    [Theory]
    [InlineData("/history.atom", "application/atom+xml")]
    [InlineData("/history.rss", "application/rss+xml")]
    public async Task GivesEachRevisionItsOwnEntryWithAnIdThatStaysTheSame(string path, string mediaType)
    {
        var (first, _) = await LoadFeedAsync(path, mediaType);
        var (second, _) = await LoadFeedAsync(path, mediaType);

        var ids = first.Items.Select(i => i.Id).ToList();
        Assert.NotEmpty(ids);
        Assert.InRange(ids.Count, 1, 50);
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(ids, second.Items.Select(i => i.Id).ToList());
        Assert.All(ids, id => Assert.StartsWith("tag:localhost,2026:", id, StringComparison.Ordinal));

        // The restart statement was amended once: its first text and its amendment are two entries.
        var restart = first.Items.Where(i => i.Links.Any(l => l.Uri.AbsolutePath.StartsWith("/statements/", StringComparison.Ordinal))
            && i.Title.Text.Contains("phased restart", StringComparison.Ordinal)).Select(i => i.Id).ToList();
        Assert.Contains(restart, id => id.EndsWith("/revision/1", StringComparison.Ordinal));
        Assert.Contains(restart, id => id.EndsWith("/revision/2", StringComparison.Ordinal));

        var times = first.Items.Select(i => path.EndsWith(".rss", StringComparison.Ordinal) ? i.PublishDate : i.LastUpdatedTime).ToList();
        Assert.Equal(times.OrderByDescending(t => t).ToList(), times);
    }

    [Fact]
    public async Task LeavesRetailersOnlyStatementsAndStatusChangesOutOfThePublicFeeds()
    {
        var changeStatus = fixture.App.Services.GetRequiredService<ChangeSystemStatus>();
        await changeStatus.HandleAsync(new ChangeSystemStatusRequest("retailer-vehicle-ordering", SystemStatus.Degraded, "Dealer order queue is being replayed"), Actors.Operator);
        await changeStatus.HandleAsync(new ChangeSystemStatusRequest("westgate-plant", SystemStatus.Restoring, "Engine line checks under way"), Actors.Operator);

        var (atom, atomText) = await LoadFeedAsync("/history.atom", "application/atom+xml");
        var (_, rssText) = await LoadFeedAsync("/history.rss", "application/rss+xml");
        var (_, calendarText) = await LoadCalendarAsync();

        Assert.Contains(atom.Items, i => i.Title.Text.StartsWith("Westgate engine plant", StringComparison.Ordinal)
            && ((TextSyndicationContent)i.Content).Text.Contains("Engine line checks under way", StringComparison.Ordinal));
        foreach (var text in new[] { atomText, rssText, calendarText })
        {
            Assert.DoesNotContain("Dealer order queue", text);
            Assert.DoesNotContain("Retailer vehicle ordering", text);
            Assert.DoesNotContain("paper registration form", text);
            Assert.DoesNotContain("Supplier payments", text);
            Assert.DoesNotContain("certificate renewal", text);
        }
    }

    [Fact]
    public async Task MarksACancelledWindowCancelledUnderTheSameUidWithAHigherSequence()
    {
        var now = fixture.App.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        var window = await fixture.App.Services.GetRequiredService<ScheduleMaintenance>().HandleAsync(
            new ScheduleMaintenanceRequest("Paint shop network upgrade", "Switches replaced.", now.AddDays(3), now.AddDays(3).AddHours(4), [Audience.Public], []),
            Actors.Operator);
        var uid = $"maintenance-{window.Id}@localhost";

        var (before, _) = await LoadCalendarAsync();
        var scheduled = Assert.Single(before.Events, e => e.Uid == uid);
        Assert.Equal("CONFIRMED", scheduled.Status);
        Assert.Equal("Paint shop network upgrade", scheduled.Summary);

        await fixture.App.Services.GetRequiredService<CancelMaintenance>().HandleAsync(new CancelMaintenanceRequest(window.Id, "Parts late"), Actors.Operator);
        var (after, _) = await LoadCalendarAsync();

        var cancelled = Assert.Single(after.Events, e => e.Uid == uid);
        Assert.Equal("CANCELLED", cancelled.Status);
        Assert.True(cancelled.Sequence > scheduled.Sequence);
        Assert.Equal(scheduled.DtStart!.Value, cancelled.DtStart!.Value);
    }

    [Theory]
    [InlineData("/history.atom", SystemStatus.Degraded)]
    [InlineData("/maintenance.ics", SystemStatus.Offline)]
    public async Task AnswersNotModifiedUntilSomethingTheCallerMaySeeChanges(string path, SystemStatus status)
    {
        var first = await _client.GetAsync(path);
        var etag = first.Headers.ETag!;
        Assert.True(first.Headers.CacheControl is { Public: true, NoCache: true });

        using var again = new HttpRequestMessage(HttpMethod.Get, path);
        again.Headers.IfNoneMatch.Add(etag);
        Assert.Equal(HttpStatusCode.NotModified, (await _client.SendAsync(again)).StatusCode);

        await fixture.App.Services.GetRequiredService<ChangeSystemStatus>().HandleAsync(
            new ChangeSystemStatusRequest("northfield-plant", status, $"Checks for {path}"), Actors.Operator);
        using var afterChange = new HttpRequestMessage(HttpMethod.Get, path);
        afterChange.Headers.IfNoneMatch.Add(etag);
        var changed = await _client.SendAsync(afterChange);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(etag, changed.Headers.ETag);
    }
}
