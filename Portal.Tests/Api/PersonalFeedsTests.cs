using System.Net;
using System.ServiceModel.Syndication;
using System.Text.RegularExpressions;
using System.Xml;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Domain;
using Portal.Core.Features.Feeds;
using Portal.Tests.Support;

namespace Portal.Tests.Api;

public sealed partial class PersonalFeedsTests : IAsyncLifetime
{
    /// <summary>Retailers-only text of the demonstration estate.</summary>
    private const string RetailersOnly = "paper registration form";

    // The host's request lines are on, as an operator raising the log level would have them.
    private readonly PortalWebApp _app = new(new Dictionary<string, string?>
    {
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Information",
        ["Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics"] = "Information",
    });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<string> TokenForAsync(PortalUser person) =>
        await _app.Get<CreatePersonalFeedToken>().HandleAsync(person.Id, new Actor(person.Email!, null));

    private async Task<(HttpStatusCode Status, string Text)> GetAsync(string path)
    {
        var response = await _app.AnonymousClient().GetAsync(path);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static SyndicationFeed Parse(string text)
    {
        using var reader = XmlReader.Create(new StringReader(text));
        return SyndicationFeed.Load(reader);
    }

    [Fact]
    public async Task ShowsAPersonExactlyWhatTheirAudiencesMaySeeInAtomRssAndTheCalendar()
    {
        var retailer = await _app.CreateViewerAsync("dealer@northway.example", "retailers");
        var token = Uri.EscapeDataString(await TokenForAsync(retailer));

        var (atomStatus, atomText) = await GetAsync($"/history.atom?token={token}");
        var (rssStatus, rssText) = await GetAsync($"/history.rss?token={token}");
        var (icsStatus, icsText) = await GetAsync($"/maintenance.ics?token={token}");
        var (_, publicAtom) = await GetAsync("/history.atom");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK), (atomStatus, rssStatus, icsStatus));
        var atom = Parse(atomText);
        var rss = Parse(rssText);
        Assert.Contains(atom.Items, i => ((TextSyndicationContent)i.Content).Text.Contains(RetailersOnly, StringComparison.Ordinal));
        Assert.Equal(atom.Items.Select(i => i.Id), rss.Items.Select(i => i.Id));
        Assert.True(atom.Items.Count() > Parse(publicAtom).Items.Count());
        Assert.DoesNotContain(RetailersOnly, publicAtom);
        foreach (var text in new[] { atomText, rssText, icsText })
        {
            Assert.DoesNotContain("Supplier payments", text);
        }

        var calendar = Ical.Net.Calendar.Load(icsText)!;
        Assert.NotEmpty(calendar.Events);
        Assert.All(calendar.Events, e => Assert.EndsWith("@localhost", e.Uid, StringComparison.Ordinal));

        // The token never reaches the log, even with the host's request lines switched on.
        var plain = Uri.UnescapeDataString(token);
        Assert.Contains(_app.Log.Entries, e => e.Category.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
        Assert.DoesNotContain(_app.Log.Messages, m => m.Contains(plain, StringComparison.Ordinal) || m.Contains(token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnswersNotFoundForAnUnknownOrRevokedTokenOrADisabledPerson()
    {
        var retailer = await _app.CreateViewerAsync("dealer@northway.example", "retailers");
        var colleague = await _app.CreateViewerAsync("fitter@westgate.example", "colleagues");
        var revoked = await TokenForAsync(retailer);
        var current = await TokenForAsync(retailer);
        var disabled = await TokenForAsync(colleague);

        Assert.Equal(HttpStatusCode.OK, (await GetAsync($"/history.atom?token={current}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync($"/history.atom?token={revoked}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync("/history.rss?token=feed_not-a-token")).Status);

        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            var person = (await users.FindByIdAsync(colleague.Id))!;
            person.Disable();
            await users.UpdateAsync(person);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync($"/maintenance.ics?token={disabled}")).Status);

        Assert.True(await _app.Get<RevokePersonalFeedToken>().HandleAsync(retailer.Id, new Actor(retailer.Email!, null)));
        foreach (var path in new[] { "/history.atom", "/history.rss", "/maintenance.ics" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await GetAsync($"{path}?token={current}")).Status);
        }
    }

    [Fact]
    public async Task LetsAPersonMakeAndRevokeTheirAddressesOnTheAccountPage()
    {
        await _app.CreateViewerAsync("dealer@northway.example", "retailers");
        var client = await _app.SignedInClientAsync("dealer@northway.example");

        var made = await Forms.PostAsync(client, "/account", "personal-feed-new", []);
        var page = await made.Content.ReadAsStringAsync();
        var address = FeedAddress().Match(page);
        Assert.True(address.Success, "The account page shows the new addresses.");
        var atom = WebUtility.HtmlDecode(address.Value);
        Assert.StartsWith("http://localhost/history.atom?token=feed_", atom, StringComparison.Ordinal);
        var path = new Uri(atom).PathAndQuery;
        var (status, text) = await GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains(RetailersOnly, text);

        // Shown once: the page afterwards says there are addresses, not what they are.
        var again = await (await client.GetAsync("/account")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("token=feed_", again);
        Assert.Contains("personal-feed-state", again);

        await Forms.PostAsync(client, "/account", "personal-feed-revoke", []);
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(path)).Status);
    }

    [GeneratedRegex(@"http://localhost/history\.atom\?token=[A-Za-z0-9_%\-]+")]
    private static partial Regex FeedAddress();
}
