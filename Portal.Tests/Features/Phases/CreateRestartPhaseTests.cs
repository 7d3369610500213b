using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Events.Payloads;
using Portal.Core.Features.Phases;
using Portal.Tests.Support;

namespace Portal.Tests.Features.Phases;

public sealed class CreateRestartPhaseTests : IAsyncLifetime
{
    private static readonly CreateRestartPhaseRequest Aftersales = new(6, "Warranty and aftersales",
        "Warranty claims and workshop systems for retailers.", ["retailers", "public"], TestPortal.DemoNow.AddDays(10));

    private TestPortal _portal = null!;

    public async Task InitializeAsync() => _portal = await TestPortal.StartAsync();

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    private CreateRestartPhase UseCase => _portal.Get<CreateRestartPhase>();

    [Fact]
    public async Task AddsAPlannedPhaseWithAnAuditEntryAndAnEvent()
    {
        var created = await UseCase.HandleAsync(Aftersales, Actors.Operator);

        await using var db = _portal.NewDbContext();
        var phase = await db.RestartPhases.SingleAsync(p => p.Number == 6);
        Assert.Equal((created.Id, "Warranty and aftersales", RestartPhaseState.Planned, TestPortal.DemoNow.AddDays(10)),
            (phase.Id, phase.Name, phase.State, phase.ExpectedStart));
        Assert.Equal(["public", "retailers"], phase.Audiences);

        var audit = await db.AuditEntries.SingleAsync();
        Assert.Equal(("phase.created", nameof(RestartPhase), phase.Id.ToString(), null),
            (audit.Action, audit.EntityType, audit.EntityId, audit.Before));
        Assert.Contains("\"name\":\"Warranty and aftersales\"", audit.After);

        var portalEvent = await db.PortalEvents.SingleAsync();
        Assert.Equal(PortalEventTypes.PhaseUpdated, portalEvent.Type);
        Assert.Equal(["public", "retailers"], portalEvent.Audiences);
        Assert.Equal(["completedAt", "expectedStart", "id", "name", "number", "startedAt", "state"], portalEvent.PayloadProperties());
        Assert.Equal(created, portalEvent.Payload<PhaseUpdatedData>());
        Assert.Contains("\"state\":\"planned\"", portalEvent.Data);
    }

    [Fact]
    public async Task HandsTheEventToTheStreamOnlyAfterCommit()
    {
        // The phase is saved inside a transaction before its event is written; the push must still wait for the commit.
        var committedWhenPushed = new TaskCompletionSource<bool>();
        using var subscription = _portal.Events.Subscribe(Viewers.Retailers.Audiences, portalEvent =>
        {
            using var db = _portal.NewDbContext();
            committedWhenPushed.TrySetResult(
                db.PortalEvents.Any(e => e.Sequence == portalEvent.Sequence) && db.RestartPhases.Any(p => p.Number == 6));
        });

        await UseCase.HandleAsync(Aftersales, Actors.Operator);

        Assert.True(await committedWhenPushed.Task.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task RefusesADuplicatePhaseNumber()
    {
        var refused = await Assert.ThrowsAsync<DomainException>(() =>
            UseCase.HandleAsync(Aftersales with { Number = 3 }, Actors.Operator));

        Assert.Equal("There is already a phase 3 (Supplier connections). Choose another number.", refused.Message);
        await _portal.AssertNothingWrittenAsync();
        await using var db = _portal.NewDbContext();
        Assert.Equal(5, await db.RestartPhases.CountAsync());
    }

    [Theory]
    [InlineData(0, "Name", "public", "Phase numbers start at 1.")]
    [InlineData(6, " ", "public", "Name is required.")]
    [InlineData(6, "Name", "press", "There is no audience 'press'.")]
    public async Task RefusesBadInputAndWritesNothing(int number, string name, string audience, string message)
    {
        var refused = await Assert.ThrowsAsync<DomainException>(() =>
            UseCase.HandleAsync(Aftersales with { Number = number, Name = name, Audiences = [audience] }, Actors.Operator));

        Assert.Equal(message, refused.Message);
        await _portal.AssertNothingWrittenAsync();
    }

    [Fact]
    public async Task RefusesAPhaseNobodyMaySee()
    {
        await Assert.ThrowsAsync<DomainException>(() => UseCase.HandleAsync(Aftersales with { Audiences = [] }, Actors.Operator));

        await _portal.AssertNothingWrittenAsync();
    }

    [Fact]
    public async Task RefusesSomeoneWhoIsNotAnOperator()
    {
        await Assert.ThrowsAsync<ForbiddenException>(() => UseCase.HandleAsync(Aftersales, Actors.Publisher));

        await _portal.AssertNothingWrittenAsync();
        await using var db = _portal.NewDbContext();
        Assert.False(await db.RestartPhases.AnyAsync(p => p.Number == 6));
    }
}
