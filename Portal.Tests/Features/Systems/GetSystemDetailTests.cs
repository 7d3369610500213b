using Portal.Core.Domain;
using Portal.Core.Features.Systems;
using Portal.Tests.Support;

namespace Portal.Tests.Features.Systems;

public sealed class GetSystemDetailTests : IAsyncLifetime
{
    private TestPortal _portal = null!;

    public async Task InitializeAsync() => _portal = await TestPortal.StartAsync();

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    [Fact]
    public async Task AnswersNotFoundForASystemOutsideTheViewersAudiences()
    {
        var query = _portal.Get<GetSystemDetail>();

        Assert.Null(await query.HandleAsync("supplier-payments", Viewers.Public));
        Assert.Null(await query.HandleAsync("supplier-payments", Viewers.Retailers));
        Assert.NotNull(await query.HandleAsync("supplier-payments", Viewers.Suppliers));
        Assert.Null(await query.HandleAsync("no-such-system", Viewers.Suppliers));
    }

    [Fact]
    public async Task GivesWorkaroundHistoryAndNinetyDaysOfDailyStatus()
    {
        var detail = await _portal.Get<GetSystemDetail>().HandleAsync("online-vehicle-registration", Viewers.Public);

        Assert.NotNull(detail);
        Assert.Equal(SystemStatus.Workaround, detail.Status);
        Assert.Contains("paper form", detail.Workaround);
        Assert.Equal(GetSystemDetail.HistoryDays, detail.Days.Count);
        Assert.Equal(SystemStatus.Workaround, detail.Days[^1].Worst);
        Assert.Equal(SystemStatus.Operational, detail.Days[0].Worst);
        Assert.Equal([SystemStatus.Workaround, SystemStatus.Offline], detail.Timeline.Select(t => t.To));
        Assert.Equal("Sales and retail systems", detail.PhaseName);
    }

    [Fact]
    public async Task ListsOnlyStatementsTheViewerMaySee()
    {
        var forPublic = await _portal.Get<GetSystemDetail>().HandleAsync("online-vehicle-registration", Viewers.Public);
        var forRetailers = await _portal.Get<GetSystemDetail>().HandleAsync("online-vehicle-registration", Viewers.Retailers);

        Assert.Empty(forPublic!.Statements);
        Assert.Equal(["Delivering vehicles while online registration is unavailable"], forRetailers!.Statements.Select(s => s.Title));
    }
}
