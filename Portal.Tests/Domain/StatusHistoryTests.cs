using Portal.Core.Domain;

namespace Portal.Tests.Domain;

public sealed class StatusHistoryTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void GivesEachDayItsWorstStatusAndNoDataBeforeTracking()
    {
        var system = new EstateSystem("payroll", "Payroll", "", new SystemGroup("Colleague services", 1), 1,
            ["colleagues"], Now.AddDays(-5));
        system.ChangeStatus(SystemStatus.Offline, "Shut down", null, null, "op", Now.AddDays(-3).AddHours(-2));
        system.ChangeStatus(SystemStatus.Degraded, "Partly back", null, null, "op", Now.AddDays(-3).AddHours(1));
        system.ChangeStatus(SystemStatus.Operational, "Restored", null, null, "op", Now.AddDays(-1));

        var days = StatusHistory.DailyWorst(system.CreatedAt, system.StatusChanges, Now, 7);

        Assert.Equal(7, days.Count);
        Assert.Equal(DateOnly.FromDateTime(Now.UtcDateTime), days[^1].Day);
        Assert.Equal(
            [null, SystemStatus.Operational, SystemStatus.Operational, SystemStatus.Offline, SystemStatus.Degraded, SystemStatus.Degraded, SystemStatus.Operational],
            days.Select(d => d.Worst));
    }
}
