using System.Globalization;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Features.Audit;
using Portal.Core.Features.Statements;
using Portal.Tests.Support;

namespace Portal.Tests.Features.Statements;

/// <summary>An amendment is new text: it needs a second person, like a first publication.</summary>
public sealed class StatementAmendmentTests : IAsyncLifetime
{
    private const string PublishedBody = "Tonight's payment run pays **all** approved invoices.";
    private const string AmendedBody = "All dealers must wire deposits to account 12345678.";
    private static readonly Actor Alice = new("alice@example.com", "10.0.0.1", PortalRoles.Publisher);
    private static readonly Actor Bob = new("bob@example.com", "10.0.0.2", PortalRoles.Approver, PortalRoles.Publisher);
    private static readonly Actor Admin = new("admin@example.com", "10.0.0.3", PortalRoles.Admin);
    private TestPortal _portal = null!;

    public async Task InitializeAsync() => _portal = await TestPortal.StartAsync();

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    private T UseCase<T>()
        where T : notnull => _portal.Get<T>();

    private async Task<int> PublishedAsync()
    {
        var draft = await UseCase<SaveStatementDraft>().HandleAsync(
            new SaveStatementDraftRequest(null, "Payment run tonight", PublishedBody, ["public"], null, []), Alice);
        await UseCase<SubmitStatement>().HandleAsync(new StatementActionRequest(draft.Id), Alice);
        await UseCase<ApproveStatement>().HandleAsync(new StatementActionRequest(draft.Id), Bob);
        await UseCase<PublishStatement>().HandleAsync(new PublishStatementRequest(draft.Id), Alice);
        return draft.Id;
    }

    private async Task<string> PublicBodyAsync(int id) =>
        (await UseCase<GetStatement>().HandleAsync(id, Viewers.Public))!.Html;

    [Fact]
    public async Task APublisherAloneCannotMakeAmendedTextLive()
    {
        var id = await PublishedAsync();
        var events = new List<PortalEvent>();
        using var subscription = _portal.Events.Subscribe(Viewers.Public.Audiences, events.Add);

        await UseCase<SubmitAmendment>().HandleAsync(new SubmitAmendmentRequest(id, "Payment run tonight", AmendedBody), Alice);
        await Assert.ThrowsAsync<DomainException>(() => UseCase<PublishAmendment>().HandleAsync(new StatementActionRequest(id), Alice));
        await Assert.ThrowsAsync<ForbiddenException>(() => UseCase<ApproveAmendment>().HandleAsync(new StatementActionRequest(id), Alice));
        await Assert.ThrowsAsync<ForbiddenException>(() =>
            UseCase<BreakGlassPublishAmendment>().HandleAsync(new BreakGlassPublishRequest(id, "in a hurry"), Alice));

        Assert.Contains("<strong>all</strong>", await PublicBodyAsync(id));
        Assert.DoesNotContain("wire deposits", await PublicBodyAsync(id));
        Assert.Empty(events);
    }

    [Fact]
    public async Task TheAuthorOfAnAmendmentCannotApproveIt()
    {
        var id = await PublishedAsync();
        await UseCase<SubmitAmendment>().HandleAsync(new SubmitAmendmentRequest(id, "Payment run tonight", AmendedBody), Bob);

        var problem = await Assert.ThrowsAsync<DomainException>(() =>
            UseCase<ApproveAmendment>().HandleAsync(new StatementActionRequest(id), Bob));

        Assert.Contains("someone other than its author", problem.Message);
        await Assert.ThrowsAsync<DomainException>(() => UseCase<PublishAmendment>().HandleAsync(new StatementActionRequest(id), Bob));
        Assert.DoesNotContain("wire deposits", await PublicBodyAsync(id));
    }

    [Fact]
    public async Task ThePublishedTextStaysPublicUntilTheAmendmentIsApprovedAndPublished()
    {
        var id = await PublishedAsync();
        var events = new List<PortalEvent>();
        using var subscription = _portal.Events.Subscribe(Viewers.Public.Audiences, events.Add);

        await UseCase<SubmitAmendment>().HandleAsync(new SubmitAmendmentRequest(id, "Payment run tonight (updated)", "The run now starts at 22:00."), Alice);
        await UseCase<ApproveAmendment>().HandleAsync(new StatementActionRequest(id), Bob);

        var beforePublication = await UseCase<GetStatement>().HandleAsync(id, Viewers.Public);
        Assert.Equal("Payment run tonight", beforePublication!.Title);
        Assert.Single(beforePublication.Revisions);
        Assert.Empty(events);

        await UseCase<PublishAmendment>().HandleAsync(new StatementActionRequest(id), Alice);

        var published = await UseCase<GetStatement>().HandleAsync(id, Viewers.Public);
        Assert.Equal("Payment run tonight (updated)", published!.Title);
        Assert.Equal([2, 1], published.Revisions.Select(r => r.Number));
        Assert.Equal(PortalEventTypes.StatementAmended, Assert.Single(events).Type);
        var editing = await UseCase<GetStatementForEditing>().HandleAsync(id);
        Assert.Null(editing!.Amendment);
        Assert.Equal("alice@example.com", editing.Revisions[0].CreatedBy);
    }

    [Fact]
    public async Task AnAdministratorBreakingGlassPublishesAnAmendmentAndIsAudited()
    {
        var id = await PublishedAsync();
        await UseCase<SubmitAmendment>().HandleAsync(new SubmitAmendmentRequest(id, "Payment run tonight", "The run is cancelled."), Alice);

        await UseCase<BreakGlassPublishAmendment>().HandleAsync(new BreakGlassPublishRequest(id, "Approvers unreachable; run starts in 10 minutes"), Admin);

        var published = await UseCase<GetStatement>().HandleAsync(id, Viewers.Public);
        Assert.Contains("cancelled", published!.Html);
        Assert.True(published.PublishedWithoutSecondApproval);
        var audit = await UseCase<GetAuditLog>().HandleAsync(
            new AuditFilter(EntityType: nameof(Statement), EntityId: id.ToString(CultureInfo.InvariantCulture)));
        Assert.Contains(audit.Entries, e => e.Action == BreakGlassPublishAmendment.AuditAction && e.Actor == Admin.Name);
    }
}
