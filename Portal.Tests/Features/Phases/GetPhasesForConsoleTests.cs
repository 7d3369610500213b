using Portal.Core.Domain;
using Portal.Core.Features.Phases;
using Portal.Tests.Support;

namespace Portal.Tests.Features.Phases;

public sealed class GetPhasesForConsoleTests : IAsyncLifetime
{
    private TestPortal _portal = null!;

    public async Task InitializeAsync() => _portal = await TestPortal.StartAsync();

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    private GetPhasesForConsole UseCase => _portal.Get<GetPhasesForConsole>();

    [Fact]
    public async Task ListsEveryPhaseInOrderWhoeverMaySeeIt()
    {
        var console = await UseCase.HandleAsync(Actors.Operator);

        Assert.Equal([1, 2, 3, 4, 5], console.Phases.Select(p => p.Number));
        Assert.Equal(["colleagues", "suppliers"], console.Phases[2].Audiences);
        Assert.Equal(
            [RestartPhaseState.Complete, RestartPhaseState.InProgress, RestartPhaseState.InProgress, RestartPhaseState.InProgress, RestartPhaseState.Planned],
            console.Phases.Select(p => p.State));
    }

    [Fact]
    public async Task CountsEverySystemOfAPhaseAndGivesItsVersion()
    {
        var console = await UseCase.HandleAsync(Actors.Operator);

        Assert.Equal([4, 3, 2, 4, 3], console.Phases.Select(p => p.SystemCount));
        Assert.Equal([2, 1, 1, 1, 0], console.Phases.Select(p => p.Version));
    }

    [Fact]
    public async Task IsCurrentAtTheLatestSequence()
    {
        var before = await UseCase.HandleAsync(Actors.Operator);
        var phase = before.Phases[4];
        await _portal.Get<ChangeRestartPhaseState>().HandleAsync(
            new ChangeRestartPhaseStateRequest(phase.Id, RestartPhaseState.InProgress, phase.Version), Actors.Operator);

        var after = await UseCase.HandleAsync(Actors.Operator);

        Assert.Equal(0, before.Sequence);
        Assert.True(after.Sequence > before.Sequence);
        Assert.Equal((RestartPhaseState.InProgress, 1), (after.Phases[4].State, after.Phases[4].Version));
    }

    [Fact]
    public async Task LetsAnyStaffLook()
    {
        var console = await UseCase.HandleAsync(Actors.Publisher);

        Assert.Equal(5, console.Phases.Count);
    }

    [Fact]
    public async Task RefusesSomeoneWithoutAStaffRole()
    {
        await Assert.ThrowsAsync<ForbiddenException>(() => UseCase.HandleAsync(Actors.NoRole));
    }
}
