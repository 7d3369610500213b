using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Features.Systems;
using Portal.Tests.Support;

namespace Portal.Tests.Features.Systems;

public sealed class ChangeSystemStatusesTests : IAsyncLifetime
{
    private static readonly string[] Plants = ["northfield-plant", "riverside-plant", "westgate-plant"];
    private TestPortal _portal = null!;

    public async Task InitializeAsync() => _portal = await TestPortal.StartAsync();

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    private ChangeSystemStatuses UseCase => _portal.Get<ChangeSystemStatuses>();

    private async Task<Dictionary<string, EstateSystem>> SystemsAsync()
    {
        await using var db = _portal.NewDbContext();
        return await db.EstateSystems.ToDictionaryAsync(s => s.Slug);
    }

    [Fact]
    public async Task ChangesEverySystemWithAnAuditEntryAndAnEventEach()
    {
        _portal.Clock.Advance(TimeSpan.FromMinutes(5));

        var changes = await UseCase.HandleAsync(new ChangeSystemStatusesRequest(Plants, SystemStatus.Maintenance,
            "Network switch-over at all plants"), Actors.Operator);

        var systems = await SystemsAsync();
        Assert.All(Plants, slug => Assert.Equal(SystemStatus.Maintenance, systems[slug].Status));
        Assert.All(Plants, slug => Assert.Equal(_portal.Clock.GetUtcNow(), systems[slug].StatusChangedAt));
        Assert.Equal(Plants, changes.Select(c => c.Slug));

        var (events, audit) = await _portal.RecordedAsync();
        Assert.Equal(Plants, audit.Select(a => a.EntityId));
        Assert.All(audit, a => Assert.Equal("system.status.changed", a.Action));
        Assert.Equal(Plants, events.Select(e => EventData.Property(e, "slug").GetString()));
        Assert.All(events, e => Assert.Equal(PortalEventTypes.SystemStatusChanged, e.Type));
        Assert.All(events, e => Assert.Equal("maintenance", EventData.Property(e, "status").GetString()));
    }

    [Fact]
    public async Task TellsEachAudienceOnlyAboutTheSystemsItMaySee()
    {
        var heardByPublic = new List<PortalEvent>();
        using var subscription = _portal.Events.Subscribe(Viewers.Public.Audiences, heardByPublic.Add);

        await UseCase.HandleAsync(new ChangeSystemStatusesRequest(["payroll", "customer-contact-centre"], SystemStatus.Degraded,
            "Telephony provider issue"), Actors.Operator);

        var heard = Assert.Single(heardByPublic);
        Assert.Equal("customer-contact-centre", EventData.Property(heard, "slug").GetString());
        var (events, _) = await _portal.RecordedAsync();
        Assert.Equal(["colleagues"], events.Single(e => e.Data.Contains("\"slug\":\"payroll\"", StringComparison.Ordinal)).Audiences);
    }

    [Fact]
    public async Task ChangesNothingWhenOneSystemIsUnknown()
    {
        var problem = await Assert.ThrowsAsync<NotFoundException>(() => UseCase.HandleAsync(
            new ChangeSystemStatusesRequest(["payroll", "no-such-system"], SystemStatus.Offline, "Power cut"), Actors.Operator));

        Assert.Contains("no-such-system", problem.Message);
        await _portal.AssertNothingRecordedAsync();
        Assert.Equal(SystemStatus.Operational, (await SystemsAsync())["payroll"].Status);
    }

    [Fact]
    public async Task ChangesNothingWhenOneSystemRefusesTheChange()
    {
        // Riverside's latest status is dated after "now", so it refuses a change dated now while payroll,
        // listed first, accepts one: the payroll change must not be saved on its own.
        await using (var db = _portal.NewDbContext())
        {
            var riverside = await db.EstateSystems.SingleAsync(s => s.Slug == "riverside-plant");
            riverside.ChangeStatus(SystemStatus.Restoring, "Scheduled ahead", null, null, "test", _portal.Clock.GetUtcNow().AddHours(1));
            await db.SaveChangesAsync();
        }

        var problem = await Assert.ThrowsAsync<DomainException>(() => UseCase.HandleAsync(
            new ChangeSystemStatusesRequest(["payroll", "riverside-plant"], SystemStatus.Offline, "Power cut"), Actors.Operator));

        Assert.StartsWith("Riverside plant manufacturing execution: ", problem.Message);
        Assert.EndsWith("Nothing was changed.", problem.Message);
        await _portal.AssertNothingRecordedAsync();
        var systems = await SystemsAsync();
        Assert.Equal(SystemStatus.Operational, systems["payroll"].Status);
        Assert.Equal(SystemStatus.Restoring, systems["riverside-plant"].Status);
    }

    [Fact]
    public async Task ChangesNothingWhenOneSystemWasChangedSinceTheOperatorLooked()
    {
        var seen = await SystemsAsync();
        await _portal.Get<ChangeSystemStatus>().HandleAsync(
            new ChangeSystemStatusRequest("westgate-plant", SystemStatus.Restoring, "Machining checks passed"), Actors.Operator);

        var conflict = await Assert.ThrowsAsync<ConcurrencyConflictException>(() => UseCase.HandleAsync(
            new ChangeSystemStatusesRequest(Plants, SystemStatus.Offline, "Power cut",
                ExpectedVersions: Plants.ToDictionary(slug => slug, slug => seen[slug].Version)), Actors.Operator));

        Assert.Contains("Westgate engine plant manufacturing execution was changed by someone else", conflict.Message);
        var (events, audit) = await _portal.RecordedAsync();
        Assert.Single(events);
        Assert.Single(audit);
        var systems = await SystemsAsync();
        Assert.Equal(SystemStatus.Operational, systems["northfield-plant"].Status);
        Assert.Equal(SystemStatus.Restoring, systems["westgate-plant"].Status);
    }

    [Fact]
    public async Task RefusesBadInputAndNamesTheSystem()
    {
        var problem = await Assert.ThrowsAsync<DomainException>(() => UseCase.HandleAsync(
            new ChangeSystemStatusesRequest(Plants, SystemStatus.Workaround, "Lines stopped"), Actors.Operator));
        await Assert.ThrowsAsync<DomainException>(() => UseCase.HandleAsync(
            new ChangeSystemStatusesRequest([], SystemStatus.Offline, "Nothing chosen"), Actors.Operator));

        Assert.Equal("Northfield plant manufacturing execution: A system on a workaround needs the workaround described. Nothing was changed.",
            problem.Message);
        await _portal.AssertNothingRecordedAsync();
    }

    [Fact]
    public async Task RefusesSomeoneWhoIsNotAnOperator()
    {
        await Assert.ThrowsAsync<ForbiddenException>(() => UseCase.HandleAsync(
            new ChangeSystemStatusesRequest(Plants, SystemStatus.Offline, "Not mine to change"), Actors.Admin));

        await _portal.AssertNothingRecordedAsync();
        Assert.Equal(SystemStatus.Operational, (await SystemsAsync())["northfield-plant"].Status);
    }
}
