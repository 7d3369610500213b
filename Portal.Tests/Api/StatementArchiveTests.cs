using System.Net;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Features.Incidents;
using Portal.Core.Features.Statements;
using Portal.Tests.Support;

namespace Portal.Tests.Api;

/// <summary>The statements archive at /statements and the past-incidents history, as each viewer gets them.</summary>
public sealed class StatementArchiveTests : IAsyncLifetime
{
    private const string FirstPublic = "We have shut down our IT systems as a precaution";
    private const string LatestPublic = "Northfield plant is back at full production";
    private const string SupplierOnly = "Supplier payments: how invoices are being paid";
    private const string RetailerOnly = "Delivering vehicles while online registration is unavailable";
    private readonly PortalWebApp _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static async Task<string> PageAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ListsEveryPublicStatementNewestFirstAsAStaticPageForAnonymousViewers()
    {
        var board = await PageAsync(_app.AnonymousClient(), "/");
        var archive = await PageAsync(_app.AnonymousClient(), "/statements");

        Assert.Contains("href=\"/statements\"", board);
        Assert.Contains("href=\"/history\"", board);
        Assert.Contains("data-sequence=\"", archive);
        Assert.True(archive.IndexOf(LatestPublic, StringComparison.Ordinal) < archive.IndexOf(FirstPublic, StringComparison.Ordinal));
        Assert.DoesNotContain(SupplierOnly, archive);
        Assert.DoesNotContain(RetailerOnly, archive);
    }

    [Fact]
    public async Task ShowsASignedInViewerTheirAudiencesStatementsButNoOthers()
    {
        await _app.CreateViewerAsync("pat@partsco.example", "suppliers");

        var archive = await PageAsync(await _app.SignedInClientAsync("pat@partsco.example"), "/statements");

        Assert.Contains(SupplierOnly, archive);
        Assert.Contains(FirstPublic, archive);
        Assert.DoesNotContain(RetailerOnly, archive);
    }

    [Fact]
    public async Task FiltersBySystemAndIncidentAndFindsNothingForASystemTheViewerMayNotSee()
    {
        var client = _app.AnonymousClient();

        var contactCentre = await PageAsync(client, "/statements?system=customer-contact-centre");
        var hidden = await PageAsync(client, "/statements?system=supplier-payments");

        Assert.Contains("Our controlled, phased restart has begun", contactCentre);
        Assert.DoesNotContain(FirstPublic, contactCentre);
        Assert.Contains("No statements match.", await PageAsync(client, "/statements?system=payroll"));
        Assert.Contains("No statements match.", hidden);
        Assert.DoesNotContain(SupplierOnly, hidden);
        Assert.DoesNotContain("<option value=\"supplier-payments\"", hidden);

        int incidentId;
        await using (var db = _app.NewDbContext())
        {
            incidentId = (await db.Incidents.SingleAsync()).Id;
        }

        var byIncident = await PageAsync(client, $"/statements?incident={incidentId}");
        Assert.Contains(FirstPublic, byIncident);
        Assert.Contains("No statements match.", await PageAsync(client, $"/statements?incident={incidentId + 1000}"));
    }

    [Fact]
    public async Task PagesThroughMoreStatementsThanFitOnOnePage()
    {
        await using (var db = _app.NewDbContext())
        {
            var at = _app.Get<TimeProvider>().GetUtcNow().AddDays(-30);
            for (var i = 0; i < GetStatementArchive.PageSize; i++)
            {
                var statement = new Statement($"Older public note number {i:00}", "An older note.", [Audience.Public], null, [], "Communications team", at.AddMinutes(i));
                statement.Submit(at.AddMinutes(i));
                statement.Approve("Head of communications", at.AddMinutes(i));
                statement.Publish("Communications team", at.AddMinutes(i));
                db.Statements.Add(statement);
            }

            await db.SaveChangesAsync();
        }

        var first = await _app.Get<GetStatementArchive>().HandleAsync(new StatementArchiveRequest(), Viewer.Anonymous);
        var second = await _app.Get<GetStatementArchive>().HandleAsync(new StatementArchiveRequest(Page: 2), Viewer.Anonymous);
        var page = await PageAsync(_app.AnonymousClient(), "/statements?page=2");

        Assert.Equal(GetStatementArchive.PageSize, first.Statements.Count);
        Assert.Equal(2, second.PageCount);
        Assert.Equal(first.Total - GetStatementArchive.PageSize, second.Statements.Count);
        Assert.Equal("Older public note number 00", second.Statements[^1].Title);
        Assert.Empty(first.Statements.Select(s => s.Id).Intersect(second.Statements.Select(s => s.Id)));
        Assert.Contains("Page 2 of 2", page);
        Assert.Contains("href=\"/statements?page=1\"", page);
    }

    [Fact]
    public async Task ThePastIncidentsHistoryShowsResolvedIncidentsWithTheStatementsTheViewerMaySee()
    {
        var client = _app.AnonymousClient();
        Assert.Contains("data-testid=\"no-past-incidents\"", await PageAsync(client, "/history"));

        // Through the console's use case, whose event evicts the cached public pages.
        Incident incident;
        await using (var db = _app.NewDbContext())
        {
            incident = await db.Incidents.SingleAsync();
        }

        await _app.Get<UpdateIncident>().HandleAsync(
            new UpdateIncidentRequest(incident.Id, incident.Title, incident.Impact, IncidentState.Resolved, [.. incident.Audiences], [.. incident.AffectedSystemIds]),
            Actors.Operator);

        var history = await PageAsync(client, "/history");
        var asQuery = await _app.Get<GetIncidentHistory>().HandleAsync(Viewers.Suppliers);

        Assert.Contains("data-sequence=\"", history);
        Assert.Contains("Cyber incident and controlled restart", history);
        Assert.Contains(FirstPublic, history);
        Assert.DoesNotContain(SupplierOnly, history);
        Assert.Contains(asQuery.Incidents.Single().Statements, s => s.Title == SupplierOnly);
        Assert.DoesNotContain(asQuery.Incidents.Single().Statements, s => s.Title == RetailerOnly);
    }
}
