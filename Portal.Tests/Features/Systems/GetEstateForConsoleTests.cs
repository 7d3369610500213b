using Portal.Core.Domain;
using Portal.Core.Features.Systems;
using Portal.Tests.Support;

namespace Portal.Tests.Features.Systems;

public sealed class GetEstateForConsoleTests : IAsyncLifetime
{
    private TestPortal _portal = null!;

    public async Task InitializeAsync() => _portal = await TestPortal.StartAsync();

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    private Task<ConsoleEstate> EstateAsync() => _portal.Get<GetEstateForConsole>().HandleAsync();

    [Fact]
    public async Task GivesEverySystemWhateverItsAudiences()
    {
        var estate = await EstateAsync();

        Assert.Equal(16, estate.Systems.Count);
        var payments = estate.Systems.Single(s => s.Slug == "supplier-payments");
        Assert.Equal(["suppliers"], payments.Audiences);
        Assert.Equal(SystemStatus.Workaround, payments.Status);
        Assert.Contains("manual payment runs", payments.Workaround);
        Assert.NotNull(payments.ExpectedRestorationAt);
        Assert.True(payments.Version > 0);
        Assert.Equal(estate.Groups.Single(g => g.Name == "Finance").Id, payments.GroupId);
        Assert.Equal(estate.Phases.Single(p => p.Number == 2).Id, payments.RestartPhaseId);
        Assert.Contains(estate.Systems, s => s.Audiences.SequenceEqual(["retailers"]));
        Assert.Contains(estate.Systems, s => s.Audiences.SequenceEqual(["colleagues"]));
    }

    [Fact]
    public async Task ListsGroupsPhasesAndSystemsInBoardOrder()
    {
        var estate = await EstateAsync();

        Assert.Equal(["Finance", "Supply chain", "Sales & retail", "Manufacturing", "Colleague services"], estate.Groups.Select(g => g.Name));
        Assert.Equal([1, 2, 3, 4, 5], estate.Phases.Select(p => p.Number));
        var groupOfEach = estate.Systems.Select(s => estate.Groups.Single(g => g.Id == s.GroupId).DisplayOrder).ToList();
        Assert.Equal(groupOfEach.Order(), groupOfEach);
    }

    [Fact]
    public async Task IsCurrentAtTheSequenceOfTheLatestChange()
    {
        Assert.Equal(0, (await EstateAsync()).Sequence);

        var change = await _portal.Get<ChangeSystemStatus>().HandleAsync(
            new ChangeSystemStatusRequest("payroll", SystemStatus.Degraded, "Slow"), Actors.Operator);

        var estate = await EstateAsync();
        Assert.Equal(_portal.Events.LastPublishedSequence, estate.Sequence);
        Assert.Equal(SystemStatus.Degraded, estate.Systems.Single(s => s.Id == change.Id).Status);
    }
}
