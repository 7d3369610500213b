using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Features.Incidents;
using Portal.Tests.Support;

namespace Portal.Tests.Features.Incidents;

public sealed class CreateIncidentTests : IAsyncLifetime
{
    private TestPortal _portal = null!;
    private int[] _paymentSystemIds = [];

    public async Task InitializeAsync()
    {
        _portal = await TestPortal.StartAsync();
        await using var db = _portal.NewDbContext();
        _paymentSystemIds = await db.EstateSystems
            .Where(s => s.Slug == "supplier-payments" || s.Slug == "supplier-invoicing")
            .Select(s => s.Id).OrderBy(id => id).ToArrayAsync();
    }

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    private CreateIncident UseCase => _portal.Get<CreateIncident>();

    private CreateIncidentRequest PaymentRunDelay(params int[] affectedSystemIds) =>
        new("Friday payment run delayed", IncidentImpact.Minor, ["suppliers"],
            affectedSystemIds.Length == 0 ? _paymentSystemIds : affectedSystemIds);

    [Fact]
    public async Task OpensTheIncidentWithAnAuditEntryAndAnEventForItsAudiences()
    {
        var opened = await UseCase.HandleAsync(PaymentRunDelay(), Actors.Publisher);

        await using var db = _portal.NewDbContext();
        var incident = await db.Incidents.SingleAsync(i => i.Title == "Friday payment run delayed");
        Assert.Equal((opened.Id, IncidentState.Investigating, IncidentImpact.Minor, _portal.Clock.GetUtcNow()),
            (incident.Id, incident.State, incident.Impact, incident.StartedAt));
        Assert.Equal(["suppliers"], incident.Audiences);
        Assert.Equal(_paymentSystemIds, incident.AffectedSystemIds.Order());

        var (events, audit) = await _portal.RecordedAsync();
        var entry = Assert.Single(audit);
        Assert.Equal(("publisher@example.com", "incident.created", incident.Id.ToString(CultureInfo.InvariantCulture)),
            (entry.ActorName, entry.Action, entry.EntityId));
        var portalEvent = Assert.Single(events);
        Assert.Equal(PortalEventTypes.IncidentUpdated, portalEvent.Type);
        Assert.Equal(["suppliers"], portalEvent.Audiences);
        Assert.Equal(incident.Id, EventData.Property(portalEvent, "id").GetInt32());
    }

    [Fact]
    public async Task KeepsTheAffectedSystemsOutOfTheEvent()
    {
        await UseCase.HandleAsync(PaymentRunDelay(), Actors.Operator);

        var portalEvent = Assert.Single((await _portal.RecordedAsync()).Events);
        Assert.Equal(["id", "title", "state", "impact", "startedAt", "updatedAt", "resolvedAt"], EventData.PropertyNames(portalEvent));
    }

    [Fact]
    public async Task RefusesAffectedSystemsThatDoNotExist()
    {
        var problem = await Assert.ThrowsAsync<DomainException>(() => UseCase.HandleAsync(PaymentRunDelay(_paymentSystemIds[0], 999), Actors.Publisher));

        Assert.Contains("999", problem.Message);
        await AssertNotOpenedAsync();
    }

    [Fact]
    public async Task RefusesBadInputAndWritesNothing()
    {
        await Assert.ThrowsAsync<DomainException>(() => UseCase.HandleAsync(PaymentRunDelay() with { Title = "" }, Actors.Publisher));
        await Assert.ThrowsAsync<DomainException>(() => UseCase.HandleAsync(PaymentRunDelay() with { Impact = (IncidentImpact)9 }, Actors.Publisher));
        await Assert.ThrowsAsync<DomainException>(() => UseCase.HandleAsync(PaymentRunDelay() with { Audiences = ["press"] }, Actors.Publisher));

        await AssertNotOpenedAsync();
    }

    [Fact]
    public async Task RefusesSomeoneWhoIsNeitherPublisherNorOperator()
    {
        await Assert.ThrowsAsync<ForbiddenException>(() => UseCase.HandleAsync(PaymentRunDelay(), Actors.Approver));
        await Assert.ThrowsAsync<ForbiddenException>(() => UseCase.HandleAsync(PaymentRunDelay(), Actors.Admin));

        await AssertNotOpenedAsync();
    }

    private async Task AssertNotOpenedAsync()
    {
        await _portal.AssertNothingRecordedAsync();
        await using var db = _portal.NewDbContext();
        Assert.Equal(1, await db.Incidents.CountAsync());
    }
}
