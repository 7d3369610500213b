using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Features.Statements;
using Portal.Tests.Support;

namespace Portal.Tests.Features.Statements;

public sealed class StatementWorkflowTests : IAsyncLifetime
{
    private static readonly Actor Alice = new("alice@example.com", "10.0.0.1", PortalRoles.Publisher);
    private static readonly Actor Bob = new("bob@example.com", "10.0.0.2", PortalRoles.Approver, PortalRoles.Publisher);
    private static readonly Actor Admin = new("admin@example.com", "10.0.0.3", PortalRoles.Admin);
    private TestPortal _portal = null!;

    public async Task InitializeAsync() => _portal = await TestPortal.StartAsync();

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    private T UseCase<T>()
        where T : notnull => _portal.Get<T>();

    private Task<SavedStatement> DraftAsync(string title = "Payment run tonight", params string[] audiences) =>
        UseCase<SaveStatementDraft>().HandleAsync(new SaveStatementDraftRequest(null, title,
            "Tonight's payment run pays **all** approved invoices.", audiences.Length == 0 ? ["suppliers"] : audiences, null, []), Alice);

    private async Task<SavedStatement> ApprovedAsync()
    {
        var draft = await DraftAsync();
        await UseCase<SubmitStatement>().HandleAsync(new StatementActionRequest(draft.Id), Alice);
        return await UseCase<ApproveStatement>().HandleAsync(new StatementActionRequest(draft.Id), Bob);
    }

    [Fact]
    public async Task PublishesAfterASecondPersonApprovesAndPushesToItsAudienceOnly()
    {
        var supplierEvents = new List<PortalEvent>();
        var publicEvents = new List<PortalEvent>();
        using var suppliers = _portal.Events.Subscribe(Viewers.Suppliers.Audiences, supplierEvents.Add);
        using var anonymous = _portal.Events.Subscribe(Viewers.Public.Audiences, publicEvents.Add);
        var approved = await ApprovedAsync();

        var published = await UseCase<PublishStatement>().HandleAsync(new PublishStatementRequest(approved.Id), Alice);

        Assert.Equal(StatementState.Published, published.State);
        var pushed = Assert.Single(supplierEvents);
        Assert.Equal(PortalEventTypes.StatementPublished, pushed.Type);
        using var data = System.Text.Json.JsonDocument.Parse(pushed.Data);
        Assert.Contains("<strong>all</strong>", data.RootElement.GetProperty("html").GetString());
        Assert.Empty(publicEvents);
        var detail = await _portal.Get<GetStatement>().HandleAsync(approved.Id, Viewers.Suppliers);
        Assert.Equal("Payment run tonight", detail?.Title);
    }

    [Fact]
    public async Task RefusesApprovalByItsAuthor()
    {
        var draft = await DraftAsync();
        await UseCase<SubmitStatement>().HandleAsync(new StatementActionRequest(draft.Id), Alice);
        var aliceAsApprover = Alice with { Roles = new HashSet<string> { PortalRoles.Publisher, PortalRoles.Approver } };

        await Assert.ThrowsAsync<DomainException>(() =>
            UseCase<ApproveStatement>().HandleAsync(new StatementActionRequest(draft.Id), aliceAsApprover));
        await Assert.ThrowsAsync<ForbiddenException>(() =>
            UseCase<ApproveStatement>().HandleAsync(new StatementActionRequest(draft.Id), Alice));
    }

    [Fact]
    public async Task RefusesPublishingWithoutApproval()
    {
        var draft = await DraftAsync();
        await UseCase<SubmitStatement>().HandleAsync(new StatementActionRequest(draft.Id), Alice);

        await Assert.ThrowsAsync<DomainException>(() =>
            UseCase<PublishStatement>().HandleAsync(new PublishStatementRequest(draft.Id), Alice));

        await using var db = _portal.NewDbContext();
        Assert.Equal(0, await db.PortalEvents.CountAsync());
    }

    [Fact]
    public async Task LetsOnlyAnAdminBreakGlassWithAReasonAndFlagsItInTheAuditLog()
    {
        var draft = await DraftAsync();

        await Assert.ThrowsAsync<ForbiddenException>(() =>
            UseCase<BreakGlassPublish>().HandleAsync(new BreakGlassPublishRequest(draft.Id, "Urgent"), Bob));
        await Assert.ThrowsAsync<DomainException>(() =>
            UseCase<BreakGlassPublish>().HandleAsync(new BreakGlassPublishRequest(draft.Id, "  "), Admin));
        var published = await UseCase<BreakGlassPublish>().HandleAsync(
            new BreakGlassPublishRequest(draft.Id, "No approver reachable before the payment deadline"), Admin);

        Assert.Equal(StatementState.Published, published.State);
        await using var db = _portal.NewDbContext();
        var audit = await db.AuditEntries.SingleAsync(a => a.Action == BreakGlassPublish.AuditAction);
        Assert.Equal("admin@example.com", audit.ActorName);
        Assert.Contains("No approver reachable", audit.After);
        var detail = await _portal.Get<GetStatement>().HandleAsync(draft.Id, Viewers.Suppliers);
        Assert.True(detail?.PublishedWithoutSecondApproval);
    }

    [Fact]
    public async Task PublishesAScheduledStatementWhenItsTimeComes()
    {
        var approved = await ApprovedAsync();
        await UseCase<PublishStatement>().HandleAsync(new PublishStatementRequest(approved.Id, _portal.Clock.GetUtcNow().AddHours(1)), Alice);
        var published = new TaskCompletionSource<PortalEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = _portal.Events.Subscribe(Viewers.Suppliers.Audiences, e => published.TrySetResult(e));
        var scheduler = _portal.Services.GetServices<IHostedService>().OfType<ScheduledStatementPublisher>().Single();

        await scheduler.StartAsync(CancellationToken.None);
        Assert.False(published.Task.IsCompleted);
        _portal.Clock.Advance(TimeSpan.FromHours(1));
        var pushed = await published.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await scheduler.StopAsync(CancellationToken.None);

        Assert.Equal(PortalEventTypes.StatementPublished, pushed.Type);
        var detail = await _portal.Get<GetStatement>().HandleAsync(approved.Id, Viewers.Suppliers);
        Assert.Equal(TestPortal.DemoNow.AddHours(1), detail?.PublishedAt);
    }

    [Fact]
    public async Task PublishesAStatementThatFellDueWhileThePortalWasStopped()
    {
        var folder = TestPortal.NewFolder();
        int id;
        await using (var first = await TestPortal.StartAsync(folder: folder))
        {
            var draft = await first.Get<SaveStatementDraft>().HandleAsync(new SaveStatementDraftRequest(null, "Overnight update",
                "Published while nobody is at a desk.", ["public"], null, []), Alice);
            await first.Get<SubmitStatement>().HandleAsync(new StatementActionRequest(draft.Id), Alice);
            await first.Get<ApproveStatement>().HandleAsync(new StatementActionRequest(draft.Id), Bob);
            await first.Get<PublishStatement>().HandleAsync(new PublishStatementRequest(draft.Id, TestPortal.DemoNow.AddHours(2)), Alice);
            id = draft.Id;
        }

        await using var second = await TestPortal.StartAsync(folder: folder);
        second.Clock.Advance(TimeSpan.FromHours(3));
        var count = await second.Get<PublishDueStatements>().HandleAsync();

        Assert.Equal(1, count);
        var detail = await second.Get<GetStatement>().HandleAsync(id, Viewers.Public);
        Assert.Equal(StatementState.Published, detail?.State);
        TestPortal.DeleteFolder(folder);
    }

    [Fact]
    public async Task AmendingKeepsTheHistoryAndPushesAnAmendment()
    {
        var approved = await ApprovedAsync();
        await UseCase<PublishStatement>().HandleAsync(new PublishStatementRequest(approved.Id), Alice);
        var events = new List<PortalEvent>();
        using var subscription = _portal.Events.Subscribe(Viewers.Suppliers.Audiences, events.Add);
        _portal.Clock.Advance(TimeSpan.FromMinutes(30));

        await UseCase<SubmitAmendment>().HandleAsync(new SubmitAmendmentRequest(approved.Id, "Payment run tonight (updated)",
            "The run now starts at 22:00."), Alice);
        await UseCase<ApproveAmendment>().HandleAsync(new StatementActionRequest(approved.Id), Bob);
        Assert.Empty(events);
        await UseCase<PublishAmendment>().HandleAsync(new StatementActionRequest(approved.Id), Alice);

        Assert.Equal(PortalEventTypes.StatementAmended, Assert.Single(events).Type);
        var detail = await _portal.Get<GetStatement>().HandleAsync(approved.Id, Viewers.Suppliers);
        Assert.Equal([2, 1], detail!.Revisions.Select(r => r.Number));
        Assert.Equal("Payment run tonight (updated)", detail.Title);
        Assert.Contains("<strong>all</strong>", detail.Revisions[1].Html);
    }

    [Fact]
    public async Task WithdrawingKeepsTheStatementReadable()
    {
        var approved = await ApprovedAsync();
        await UseCase<PublishStatement>().HandleAsync(new PublishStatementRequest(approved.Id), Alice);

        await UseCase<WithdrawStatement>().HandleAsync(new WithdrawStatementRequest(approved.Id, "Run postponed"), Alice);

        var detail = await _portal.Get<GetStatement>().HandleAsync(approved.Id, Viewers.Suppliers);
        Assert.Equal(StatementState.Withdrawn, detail?.State);
        Assert.Equal("Run postponed", detail?.WithdrawalReason);
        Assert.Equal(PortalRoles.Publisher, detail?.WithdrawnByRole);
        var audit = await _portal.Get<Portal.Core.Features.Audit.GetAuditLog>().HandleAsync(
            new(EntityType: nameof(Statement), EntityId: approved.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Contains(audit.Entries, e => e.Action == "statement.withdrawn" && e.Actor == Alice.Name);
        await using var db = _portal.NewDbContext();
        Assert.Equal(1, await db.Statements.CountAsync(s => s.Id == approved.Id));
    }

    [Fact]
    public async Task RefusesTheSecondOfTwoConflictingSavesAndKeepsTheFirst()
    {
        var draft = await DraftAsync();

        await UseCase<SaveStatementDraft>().HandleAsync(new SaveStatementDraftRequest(draft.Id, "Alice's title", "Alice's words.",
            ["suppliers"], null, [], draft.Version), Alice);
        var conflict = await Assert.ThrowsAsync<ConcurrencyConflictException>(() =>
            UseCase<SaveStatementDraft>().HandleAsync(new SaveStatementDraftRequest(draft.Id, "Bob's title", "Bob's words.",
                ["suppliers"], null, [], draft.Version), Bob));

        Assert.Contains("changed by someone else", conflict.Message);
        var stored = await UseCase<GetStatementForEditing>().HandleAsync(draft.Id);
        Assert.Equal("Alice's title", stored?.Summary.Title);
        Assert.Equal("alice@example.com", stored?.Summary.LastEditedBy);
    }

    [Fact]
    public async Task RefusesADraftForAnAudienceThatDoesNotExist()
    {
        var problem = await Assert.ThrowsAsync<DomainException>(() => DraftAsync("Odd", "martians"));

        Assert.Contains("audiences does not exist", problem.Message);
        await using var db = _portal.NewDbContext();
        Assert.False(await db.Statements.AnyAsync(s => s.Revisions.Any(r => r.Title == "Odd")));
    }
}
