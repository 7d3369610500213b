using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Features.Incidents;
using Portal.Tests.Support;

namespace Portal.Tests.Features.Incidents;

public sealed class UpdateIncidentTests : IAsyncLifetime
{
    private TestPortal _portal = null!;

    public async Task InitializeAsync() => _portal = await TestPortal.StartAsync();

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    private UpdateIncident UseCase => _portal.Get<UpdateIncident>();

    private async Task<Incident> TheIncidentAsync()
    {
        await using var db = _portal.NewDbContext();
        return await db.Incidents.SingleAsync();
    }

    /// <summary>A request that keeps the seeded incident as it is, to change one thing at a time.</summary>
    private async Task<UpdateIncidentRequest> AsItIsAsync()
    {
        var incident = await TheIncidentAsync();
        return new UpdateIncidentRequest(incident.Id, incident.Title, incident.Impact, incident.State, incident.Audiences,
            incident.AffectedSystemIds, incident.Version);
    }

    [Fact]
    public async Task ResolvesTheIncidentWithAnAuditEntryAndAnEventForItsAudiences()
    {
        var request = await AsItIsAsync();
        _portal.Clock.Advance(TimeSpan.FromHours(1));

        await UseCase.HandleAsync(request with { Title = "Cyber incident: restart complete", State = IncidentState.Resolved }, Actors.Publisher);

        var incident = await TheIncidentAsync();
        var now = _portal.Clock.GetUtcNow();
        Assert.Equal(("Cyber incident: restart complete", IncidentState.Resolved, now, now),
            (incident.Title, incident.State, incident.ResolvedAt, incident.UpdatedAt));

        var (events, audit) = await _portal.RecordedAsync();
        var entry = Assert.Single(audit);
        Assert.Equal("incident.updated", entry.Action);
        Assert.Contains("\"state\":\"identified\"", entry.Before);
        Assert.Contains("\"state\":\"resolved\"", entry.After);
        var portalEvent = Assert.Single(events);
        Assert.Equal((PortalEventTypes.IncidentUpdated, "resolved"), (portalEvent.Type, EventData.Property(portalEvent, "state").GetString()));
        Assert.Equal(["public"], portalEvent.Audiences);
        Assert.Equal(["id", "title", "state", "impact", "startedAt", "updatedAt", "resolvedAt"], EventData.PropertyNames(portalEvent));
    }

    [Fact]
    public async Task KeepsWhenItWasResolvedWhenSavedAgain()
    {
        var request = await AsItIsAsync();
        var resolved = await UseCase.HandleAsync(request with { State = IncidentState.Resolved }, Actors.Operator);
        _portal.Clock.Advance(TimeSpan.FromHours(2));

        await UseCase.HandleAsync(request with { State = IncidentState.Resolved, Title = "Typo fixed", ExpectedVersion = null }, Actors.Operator);

        Assert.Equal(resolved.ResolvedAt, (await TheIncidentAsync()).ResolvedAt);
    }

    [Fact]
    public async Task GivesAudiencesThatLoseTheIncidentOnlyItsId()
    {
        var request = await AsItIsAsync();

        await UseCase.HandleAsync(request with { Audiences = ["colleagues"] }, Actors.Publisher);

        var (events, _) = await _portal.RecordedAsync();
        var removal = events.Single(e => e.Audiences.SequenceEqual(["public"]));
        Assert.Equal(["id", "removed"], EventData.PropertyNames(removal));
        Assert.True(removal.Sequence < events.Single(e => e.Audiences.SequenceEqual(["colleagues"])).Sequence);
    }

    [Fact]
    public async Task RefusesAChangeMadeFromAStaleVersion()
    {
        var seen = await AsItIsAsync();
        await UseCase.HandleAsync(seen with { State = IncidentState.Monitoring }, Actors.Publisher);

        var conflict = await Assert.ThrowsAsync<ConcurrencyConflictException>(() =>
            UseCase.HandleAsync(seen with { Impact = IncidentImpact.Critical }, Actors.Publisher));

        Assert.Contains("changed by someone else (it is now Monitoring", conflict.Message);
        Assert.Equal(IncidentImpact.Major, (await TheIncidentAsync()).Impact);
        Assert.Single((await _portal.RecordedAsync()).Audit);
    }

    [Fact]
    public async Task RefusesBadInputAndWritesNothing()
    {
        var request = await AsItIsAsync();

        await Assert.ThrowsAsync<DomainException>(() => UseCase.HandleAsync(request with { AffectedSystemIds = [999] }, Actors.Publisher));
        await Assert.ThrowsAsync<DomainException>(() => UseCase.HandleAsync(request with { Title = " " }, Actors.Publisher));
        await Assert.ThrowsAsync<DomainException>(() => UseCase.HandleAsync(request with { State = (IncidentState)7 }, Actors.Publisher));
        await Assert.ThrowsAsync<DomainException>(() => UseCase.HandleAsync(request with { Audiences = [] }, Actors.Publisher));
        await Assert.ThrowsAsync<NotFoundException>(() => UseCase.HandleAsync(request with { Id = 999 }, Actors.Publisher));

        await _portal.AssertNothingRecordedAsync();
        var incident = await TheIncidentAsync();
        Assert.Equal((request.Title, request.State, request.ExpectedVersion), (incident.Title, incident.State, incident.Version));
    }

    [Fact]
    public async Task RefusesSomeoneWhoIsNeitherPublisherNorOperator()
    {
        var request = await AsItIsAsync();

        await Assert.ThrowsAsync<ForbiddenException>(() =>
            UseCase.HandleAsync(request with { State = IncidentState.Resolved }, Actors.Approver));

        await _portal.AssertNothingRecordedAsync();
        Assert.Equal(IncidentState.Identified, (await TheIncidentAsync()).State);
    }
}
