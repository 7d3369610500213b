using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Events.Payloads;
using Portal.Core.Features.Phases;
using Portal.Tests.Support;

namespace Portal.Tests.Features.Phases;

public sealed class ChangeRestartPhaseStateTests : IAsyncLifetime
{
    private TestPortal _portal = null!;

    public async Task InitializeAsync() => _portal = await TestPortal.StartAsync();

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    private ChangeRestartPhaseState UseCase => _portal.Get<ChangeRestartPhaseState>();

    private async Task<RestartPhase> PhaseAsync(int number)
    {
        await using var db = _portal.NewDbContext();
        return await db.RestartPhases.SingleAsync(p => p.Number == number);
    }

    [Fact]
    public async Task StartsAPlannedPhase()
    {
        var planned = await PhaseAsync(5);
        _portal.Clock.Advance(TimeSpan.FromMinutes(5));

        var started = await UseCase.HandleAsync(new ChangeRestartPhaseStateRequest(planned.Id, RestartPhaseState.InProgress, planned.Version), Actors.Operator);

        var phase = await PhaseAsync(5);
        Assert.Equal((RestartPhaseState.InProgress, _portal.Clock.GetUtcNow(), planned.Version + 1), (phase.State, phase.StartedAt, phase.Version));
        await using var db = _portal.NewDbContext();
        var audit = await db.AuditEntries.SingleAsync();
        Assert.Equal(("phase.started", planned.Id.ToString()), (audit.Action, audit.EntityId));
        Assert.Contains("\"state\":\"planned\"", audit.Before);
        Assert.Contains("\"state\":\"inProgress\"", audit.After);
        var portalEvent = await db.PortalEvents.SingleAsync();
        Assert.Equal(PortalEventTypes.PhaseUpdated, portalEvent.Type);
        Assert.Equal(started, portalEvent.Payload<PhaseUpdatedData>());
        Assert.Equal(_portal.Clock.GetUtcNow(), started.StartedAt);
    }

    [Fact]
    public async Task CompletesAPhaseInProgress()
    {
        var inProgress = await PhaseAsync(2);

        var completed = await UseCase.HandleAsync(new ChangeRestartPhaseStateRequest(inProgress.Id, RestartPhaseState.Complete), Actors.Operator);

        var phase = await PhaseAsync(2);
        Assert.Equal((RestartPhaseState.Complete, TestPortal.DemoNow), (phase.State, phase.CompletedAt));
        Assert.Equal(inProgress.StartedAt, completed.StartedAt);
        await using var db = _portal.NewDbContext();
        Assert.Equal("phase.completed", (await db.AuditEntries.SingleAsync()).Action);
    }

    [Fact]
    public async Task SendsASupplierAndColleaguePhaseOnlyToThem()
    {
        var supplierConnections = await PhaseAsync(3);
        using var suppliers = _portal.RecordEvents(Viewers.Suppliers);
        using var colleagues = _portal.RecordEvents(Viewers.Colleagues);
        using var retailers = _portal.RecordEvents(Viewers.Retailers);
        using var publicViewers = _portal.RecordEvents(Viewers.Public);

        await UseCase.HandleAsync(new ChangeRestartPhaseStateRequest(supplierConnections.Id, RestartPhaseState.Complete), Actors.Operator);

        Assert.Single(suppliers.Events);
        Assert.Single(colleagues.Events);
        Assert.Empty(retailers.Events);
        Assert.Empty(publicViewers.Events);
    }

    [Theory]
    [InlineData(5, RestartPhaseState.Complete, "Phase 5 must be in progress before it can be completed.")]
    [InlineData(2, RestartPhaseState.InProgress, "Phase 2 has already started.")]
    [InlineData(1, RestartPhaseState.Complete, "Phase 1 must be in progress before it can be completed.")]
    [InlineData(2, RestartPhaseState.Planned, "A phase cannot go back to planned once it has started.")]
    [InlineData(2, (RestartPhaseState)7, "'7' is not a phase state.")]
    public async Task RefusesAMoveThePhaseCannotMake(int number, RestartPhaseState target, string message)
    {
        var phase = await PhaseAsync(number);

        var refused = await Assert.ThrowsAsync<DomainException>(() =>
            UseCase.HandleAsync(new ChangeRestartPhaseStateRequest(phase.Id, target), Actors.Operator));

        Assert.Equal(message, refused.Message);
        await _portal.AssertNothingWrittenAsync();
        Assert.Equal(phase.State, (await PhaseAsync(number)).State);
    }

    [Fact]
    public async Task RefusesAChangeMadeFromAStaleVersion()
    {
        var planned = await PhaseAsync(5);
        await UseCase.HandleAsync(new ChangeRestartPhaseStateRequest(planned.Id, RestartPhaseState.InProgress, planned.Version), Actors.Operator);

        var conflict = await Assert.ThrowsAsync<ConcurrencyConflictException>(() =>
            UseCase.HandleAsync(new ChangeRestartPhaseStateRequest(planned.Id, RestartPhaseState.Complete, planned.Version), Actors.Operator));

        Assert.Contains("Phase 5 (Sales and retail systems) was changed by someone else (it is now in progress)", conflict.Message);
        Assert.Equal(RestartPhaseState.InProgress, (await PhaseAsync(5)).State);
    }

    [Fact]
    public async Task RefusesAnUnknownPhase()
    {
        await Assert.ThrowsAsync<NotFoundException>(() =>
            UseCase.HandleAsync(new ChangeRestartPhaseStateRequest(999, RestartPhaseState.InProgress), Actors.Operator));

        await _portal.AssertNothingWrittenAsync();
    }

    [Fact]
    public async Task RefusesSomeoneWhoIsNotAnOperator()
    {
        var planned = await PhaseAsync(5);

        await Assert.ThrowsAsync<ForbiddenException>(() =>
            UseCase.HandleAsync(new ChangeRestartPhaseStateRequest(planned.Id, RestartPhaseState.InProgress), Actors.Publisher));

        await _portal.AssertNothingWrittenAsync();
        Assert.Equal(RestartPhaseState.Planned, (await PhaseAsync(5)).State);
    }
}
