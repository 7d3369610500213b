using Portal.Core.Domain;
using Portal.Core.Features.Incidents;
using Portal.Tests.Support;

namespace Portal.Tests.Features.Incidents;

public sealed class GetIncidentsForConsoleTests : IAsyncLifetime
{
    private TestPortal _portal = null!;

    public async Task InitializeAsync() => _portal = await TestPortal.StartAsync();

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    private Task<IReadOnlyList<ConsoleIncident>> IncidentsAsync() => _portal.Get<GetIncidentsForConsole>().HandleAsync();

    [Fact]
    public async Task GivesEachIncidentWithItsAudiencesAffectedSystemsAndVersion()
    {
        var incident = Assert.Single(await IncidentsAsync());

        Assert.Equal(("Cyber incident and controlled restart", IncidentState.Identified, IncidentImpact.Major),
            (incident.Title, incident.State, incident.Impact));
        Assert.Equal(["public"], incident.Audiences);
        Assert.Equal(16, incident.AffectedSystemIds.Count);
        Assert.True(incident.Version > 0);
        Assert.True(incident.UpdatedAt > incident.StartedAt);
    }

    [Fact]
    public async Task ListsOpenIncidentsBeforeResolvedOnesNewestFirst()
    {
        var seeded = Assert.Single(await IncidentsAsync());
        await _portal.Get<UpdateIncident>().HandleAsync(new UpdateIncidentRequest(seeded.Id, seeded.Title, seeded.Impact,
            IncidentState.Resolved, seeded.Audiences, seeded.AffectedSystemIds), Actors.Publisher);
        var create = _portal.Get<CreateIncident>();
        _portal.Clock.Advance(TimeSpan.FromHours(1));
        await create.HandleAsync(new CreateIncidentRequest("Older open incident", IncidentImpact.Minor, ["suppliers"], []), Actors.Publisher);
        _portal.Clock.Advance(TimeSpan.FromHours(1));
        await create.HandleAsync(new CreateIncidentRequest("Newer open incident", IncidentImpact.Minor, ["retailers"], []), Actors.Publisher);

        var incidents = await IncidentsAsync();

        Assert.Equal(["Newer open incident", "Older open incident", "Cyber incident and controlled restart"], incidents.Select(i => i.Title));
    }
}
