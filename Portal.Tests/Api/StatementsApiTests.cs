using System.Net;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Features.Statements;
using Portal.Tests.Support;
using static Portal.Tests.Api.ApiRequests;

namespace Portal.Tests.Api;

/// <summary><c>/api/v1/statements</c> over real HTTP: a program drafts and submits; only people approve and publish.</summary>
public sealed class StatementsApiTests(PortalWebAppFixture fixture) : IClassFixture<PortalWebAppFixture>
{
    private const string Draft =
        """{"title":"Supplier payments resume","markdown":"Payments run again from **Monday**.","audiences":["suppliers"],"systems":["supplier-invoicing"]}""";

    private PortalWebApp App => fixture.App;

    private async Task<Statement> StoredAsync(int id)
    {
        await using var db = App.NewDbContext();
        return await db.Statements.AsNoTracking().Include(s => s.Revisions).SingleAsync(s => s.Id == id);
    }

    [Fact]
    public async Task AKeyDraftsEditsAndSubmitsAndTheStatementWaitsForPeopleToApproveAndPublish()
    {
        var issued = await App.IssueAsync("Finance system", Grant(ApiScopes.StatementsDraft));
        using var client = App.ClientWith(issued.Key);

        using var drafted = await client.SendAsync(Json(HttpMethod.Post, "/api/v1/statements", Draft));
        Assert.Equal(HttpStatusCode.Created, drafted.StatusCode);
        var id = (await drafted.JsonAsync()).GetProperty("id").GetInt32();
        using var edited = await client.SendAsync(Json(HttpMethod.Patch, $"/api/v1/statements/{id}",
            """{"title":"Supplier payments resume on Monday"}""", ifMatch: drafted.Headers.ETag!.ToString()));
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        using var submitted = await client.SendAsync(Json(HttpMethod.Post, $"/api/v1/statements/{id}/submit", "", ifMatch: edited.Headers.ETag!.ToString()));

        Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);
        var answer = await submitted.JsonAsync();
        Assert.Equal("submitted", answer.GetProperty("state").GetString());
        Assert.Equal(["supplier-invoicing"], answer.GetProperty("systems").EnumerateArray().Select(s => s.GetString()));
        var stored = await StoredAsync(id);
        Assert.Equal((StatementState.Submitted, "Supplier payments resume on Monday", issued.Client.ActorName),
            (stored.State, stored.Title, stored.Author));
        await using (var db = App.NewDbContext())
        {
            var audit = await db.AuditEntries.Where(a => a.EntityType == nameof(Statement) && a.EntityId == id.ToString()).ToListAsync();
            Assert.Equal(["statement.drafted", "statement.edited", "statement.submitted"], audit.OrderBy(a => a.Id).Select(a => a.Action));
            Assert.All(audit, a => Assert.Equal(issued.Client.ActorName, a.ActorName));
        }

        // People take it from here, as with a draft written in the console.
        await App.Get<ApproveStatement>().HandleAsync(new StatementActionRequest(id), Actors.Approver);
        await App.Get<PublishStatement>().HandleAsync(new PublishStatementRequest(id), Actors.Publisher);
        using var followed = await client.GetAsync($"/api/v1/statements/{id}");
        Assert.Equal("published", (await followed.JsonAsync()).GetProperty("state").GetString());
    }

    [Fact]
    public async Task NoKeyCanApproveOrPublishWhateverItsScopes()
    {
        var issued = await App.IssueAsync("Everything key", new ApiKeyGrant(ApiScopes.All.ToHashSet(StringComparer.Ordinal), [], [], []), "suppliers");
        using var client = App.ClientWith(issued.Key);
        using var drafted = await client.SendAsync(Json(HttpMethod.Post, "/api/v1/statements", Draft));
        var id = (await drafted.JsonAsync()).GetProperty("id").GetInt32();
        using var submitted = await client.SendAsync(Json(HttpMethod.Post, $"/api/v1/statements/{id}/submit", ""));
        Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);
        var key = Actor.ForApiKey(issued.Client.ActorName, "127.0.0.1", issued.Client.Grant);

        foreach (var path in new[] { "approve", "publish", "break-glass" })
        {
            using var refused = await client.SendAsync(Json(HttpMethod.Post, $"/api/v1/statements/{id}/{path}", "{}"));
            Assert.True(refused.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed, $"{path}: {refused.StatusCode}");
        }

        await Assert.ThrowsAsync<ForbiddenException>(() => App.Get<ApproveStatement>().HandleAsync(new StatementActionRequest(id), key));
        await Assert.ThrowsAsync<ForbiddenException>(() => App.Get<PublishStatement>().HandleAsync(new PublishStatementRequest(id), key));
        await Assert.ThrowsAsync<ForbiddenException>(() => App.Get<BreakGlassPublish>().HandleAsync(new BreakGlassPublishRequest(id, "Urgent"), key));
        Assert.Equal(StatementState.Submitted, (await StoredAsync(id)).State);
    }

    [Fact]
    public async Task AStaleETagIsRefusedWith412AndTheDraftKeepsItsWords()
    {
        var issued = await App.IssueAsync("Comms bot", Grant(ApiScopes.StatementsDraft));
        using var client = App.ClientWith(issued.Key);
        using var drafted = await client.SendAsync(Json(HttpMethod.Post, "/api/v1/statements", Draft));
        var id = (await drafted.JsonAsync()).GetProperty("id").GetInt32();
        var etag = drafted.Headers.ETag!.ToString();
        using var first = await client.SendAsync(Json(HttpMethod.Patch, $"/api/v1/statements/{id}", """{"markdown":"First edit."}""", ifMatch: etag));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);

        using var stale = await client.SendAsync(Json(HttpMethod.Patch, $"/api/v1/statements/{id}", """{"markdown":"Second edit."}""", ifMatch: etag));
        using var staleSubmit = await client.SendAsync(Json(HttpMethod.Post, $"/api/v1/statements/{id}/submit", "", ifMatch: etag));

        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        await stale.ProblemAsync();
        Assert.Equal(HttpStatusCode.PreconditionFailed, staleSubmit.StatusCode);
        var stored = await StoredAsync(id);
        Assert.Equal(("First edit.", StatementState.Draft), (stored.BodyMarkdown, stored.State));
    }

    [Fact]
    public async Task AKeyNeitherReadsNorChangesStatementsPeopleWrote()
    {
        var issued = await App.IssueAsync("Curious bot", Grant(ApiScopes.StatementsDraft));
        using var client = App.ClientWith(issued.Key);
        var theirs = await App.Get<SaveStatementDraft>().HandleAsync(new SaveStatementDraftRequest(null, "Payroll update", "Payroll runs on time.",
            ["colleagues"], null, []), Actors.Publisher);

        using var read = await client.GetAsync($"/api/v1/statements/{theirs.Id}");
        using var edit = await client.SendAsync(Json(HttpMethod.Patch, $"/api/v1/statements/{theirs.Id}", """{"title":"Changed"}"""));
        using var submit = await client.SendAsync(Json(HttpMethod.Post, $"/api/v1/statements/{theirs.Id}/submit", ""));

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound), (read.StatusCode, edit.StatusCode, submit.StatusCode));
        var stored = await StoredAsync(theirs.Id);
        Assert.Equal(("Payroll update", StatementState.Draft), (stored.Title, stored.State));
        var key = Actor.ForApiKey(issued.Client.ActorName, null, issued.Client.Grant);
        await Assert.ThrowsAsync<ForbiddenException>(() => App.Get<SubmitStatement>().HandleAsync(new StatementActionRequest(theirs.Id), key));
    }

    [Theory]
    [InlineData("""{"markdown":"Text.","audiences":["suppliers"]}""", "title")]
    [InlineData("""{"title":"T","audiences":["suppliers"]}""", "markdown")]
    [InlineData("""{"title":"T","markdown":"Text."}""", "audiences")]
    [InlineData("""{"title":"T","markdown":"Text.","audiences":["suppliers"],"systems":["nope"]}""", "systems[0]")]
    [InlineData("""{"title":"T","markdown":"Text.","audiences":["suppliers"],"publish":true}""", "publish")]
    [InlineData("""{"title":"T","markdown":"Text.","audiences":["suppliers"],"incidentId":"one"}""", "incidentId")]
    public async Task BadInputIsRefusedNamingTheFieldAndDraftsNothing(string body, string field)
    {
        var issued = await App.IssueAsync("Careless bot", Grant(ApiScopes.StatementsDraft));
        using var client = App.ClientWith(issued.Key);
        await using var before = App.NewDbContext();
        var count = await before.Statements.CountAsync();

        using var response = await client.SendAsync(Json(HttpMethod.Post, "/api/v1/statements", body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal([field], await response.ProblemFieldsAsync());
        await using var after = App.NewDbContext();
        Assert.Equal(count, await after.Statements.CountAsync());
    }
}
