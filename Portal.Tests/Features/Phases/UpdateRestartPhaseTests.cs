using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Events.Payloads;
using Portal.Core.Features.Phases;
using Portal.Tests.Support;

namespace Portal.Tests.Features.Phases;

public sealed class UpdateRestartPhaseTests : IAsyncLifetime
{
    private TestPortal _portal = null!;

    public async Task InitializeAsync() => _portal = await TestPortal.StartAsync();

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    private UpdateRestartPhase UseCase => _portal.Get<UpdateRestartPhase>();

    /// <summary>An edit of the seeded phase <paramref name="number"/> that changes nothing yet.</summary>
    private async Task<UpdateRestartPhaseRequest> EditOfPhaseAsync(int number)
    {
        await using var db = _portal.NewDbContext();
        var phase = await db.RestartPhases.SingleAsync(p => p.Number == number);
        return new UpdateRestartPhaseRequest(phase.Id, phase.Number, phase.Name, phase.Description, phase.Audiences,
            phase.ExpectedStart, phase.Version);
    }

    [Fact]
    public async Task ChangesThePhaseAndRecordsBeforeAndAfter()
    {
        var edit = await EditOfPhaseAsync(5);
        var expectedStart = TestPortal.DemoNow.AddDays(8);

        await UseCase.HandleAsync(edit with { Name = "Sales, retail and registration", ExpectedStart = expectedStart }, Actors.Operator);

        await using var db = _portal.NewDbContext();
        var phase = await db.RestartPhases.SingleAsync(p => p.Id == edit.Id);
        Assert.Equal(("Sales, retail and registration", expectedStart, edit.ExpectedVersion + 1),
            (phase.Name, phase.ExpectedStart, phase.Version));

        var audit = await db.AuditEntries.SingleAsync();
        Assert.Equal(("phase.updated", edit.Id.ToString()), (audit.Action, audit.EntityId));
        Assert.Contains("\"name\":\"Sales and retail systems\"", audit.Before);
        Assert.Contains("\"name\":\"Sales, retail and registration\"", audit.After);

        var portalEvent = await db.PortalEvents.SingleAsync();
        Assert.Equal(PortalEventTypes.PhaseUpdated, portalEvent.Type);
        Assert.Equal(new PhaseUpdatedData(edit.Id, 5, "Sales, retail and registration", RestartPhaseState.Planned, expectedStart, null, null),
            portalEvent.Payload<PhaseUpdatedData>());
    }

    [Fact]
    public async Task TellsAudiencesThatLoseThePhaseOnlyThatItIsGone()
    {
        var edit = await EditOfPhaseAsync(2);
        using var suppliers = _portal.RecordEvents(Viewers.Suppliers);
        using var publicViewers = _portal.RecordEvents(Viewers.Public);

        await UseCase.HandleAsync(edit with { Audiences = ["suppliers"] }, Actors.Operator);

        var removal = Assert.Single(publicViewers.Events);
        Assert.Equal(["id", "removed"], EventData.PropertyNames(removal));
        Assert.Equal(2, suppliers.Events.Count);
        Assert.Contains("name", EventData.PropertyNames(suppliers.Events[^1]));
    }

    [Fact]
    public async Task RefusesANumberAnotherPhaseHas()
    {
        var edit = await EditOfPhaseAsync(5);

        var refused = await Assert.ThrowsAsync<DomainException>(() => UseCase.HandleAsync(edit with { Number = 4 }, Actors.Operator));

        Assert.Equal("There is already a phase 4 (Plants back to production). Choose another number.", refused.Message);
        await _portal.AssertNothingWrittenAsync();
    }

    [Fact]
    public async Task MovesAPhaseToAFreeNumber()
    {
        var edit = await EditOfPhaseAsync(5);

        var updated = await UseCase.HandleAsync(edit with { Number = 7 }, Actors.Operator);

        Assert.Equal(7, updated.Number);
    }

    [Fact]
    public async Task RefusesAnEditMadeFromAStaleVersion()
    {
        var edit = await EditOfPhaseAsync(5);
        await UseCase.HandleAsync(edit with { Name = "First operator's name" }, Actors.Operator);

        var conflict = await Assert.ThrowsAsync<ConcurrencyConflictException>(() =>
            UseCase.HandleAsync(edit with { Name = "Second operator's name" }, Actors.Operator));

        Assert.Equal("Phase 5 (First operator's name) was changed by someone else while you were editing it (it is now planned). "
            + "Review the latest version and save again.", conflict.Message);
        await using var db = _portal.NewDbContext();
        Assert.Equal("First operator's name", (await db.RestartPhases.SingleAsync(p => p.Id == edit.Id)).Name);
        Assert.Equal(1, await db.PortalEvents.CountAsync());
    }

    [Fact]
    public async Task RefusesBadInputAndWritesNothing()
    {
        var edit = await EditOfPhaseAsync(5);

        await Assert.ThrowsAsync<DomainException>(() => UseCase.HandleAsync(edit with { Name = "" }, Actors.Operator));
        await Assert.ThrowsAsync<DomainException>(() => UseCase.HandleAsync(edit with { Audiences = ["press"] }, Actors.Operator));
        await Assert.ThrowsAsync<DomainException>(() =>
            UseCase.HandleAsync(edit with { Description = new string('x', RestartPhase.DescriptionMaxLength + 1) }, Actors.Operator));
        await Assert.ThrowsAsync<NotFoundException>(() => UseCase.HandleAsync(edit with { Id = 999 }, Actors.Operator));

        await _portal.AssertNothingWrittenAsync();
        await using var db = _portal.NewDbContext();
        Assert.Equal(edit.ExpectedVersion, (await db.RestartPhases.SingleAsync(p => p.Id == edit.Id)).Version);
    }

    [Fact]
    public async Task RefusesSomeoneWhoIsNotAnOperator()
    {
        var edit = await EditOfPhaseAsync(5);

        await Assert.ThrowsAsync<ForbiddenException>(() => UseCase.HandleAsync(edit with { Name = "Not mine" }, Actors.Publisher));

        await _portal.AssertNothingWrittenAsync();
    }
}
