using Portal.Core.Domain;

namespace Portal.Tests.Domain;

public sealed class SystemStatusTests
{
    [Fact]
    public void OrdersStatusesBySeverityWithMaintenanceJustAboveOperational()
    {
        SystemStatus[] expected =
        [
            SystemStatus.Operational, SystemStatus.Maintenance, SystemStatus.Degraded,
            SystemStatus.Workaround, SystemStatus.Restoring, SystemStatus.Offline,
        ];

        Assert.Equal(expected, Enum.GetValues<SystemStatus>().Order());
        Assert.True(SystemStatus.Offline.IsWorseThan(SystemStatus.Restoring));
        Assert.True(SystemStatus.Degraded.IsWorseThan(SystemStatus.Maintenance));
        Assert.False(SystemStatus.Maintenance.IsWorseThan(SystemStatus.Degraded));
    }

    [Theory]
    [InlineData(SystemStatus.Operational, "operational")]
    [InlineData(SystemStatus.Maintenance, "under_maintenance")]
    [InlineData(SystemStatus.Degraded, "degraded_performance")]
    [InlineData(SystemStatus.Workaround, "partial_outage")]
    [InlineData(SystemStatus.Restoring, "partial_outage")]
    [InlineData(SystemStatus.Offline, "major_outage")]
    public void MapsToStatuspageComponentStatus(SystemStatus status, string statuspage) =>
        Assert.Equal(statuspage, status.ToStatuspage());

    [Fact]
    public void GivesEveryStatusADistinctNameColourAndIcon()
    {
        var appearances = Enum.GetValues<SystemStatus>().Select(s => s.Appearance()).ToList();

        Assert.All(appearances, a =>
        {
            Assert.False(string.IsNullOrWhiteSpace(a.DisplayName));
            Assert.Matches("^#[0-9a-f]{6}$", a.Colour);
            Assert.False(string.IsNullOrWhiteSpace(a.Icon));
            Assert.False(string.IsNullOrWhiteSpace(a.Summary));
        });
        Assert.Equal(appearances.Count, appearances.Select(a => a.DisplayName).Distinct().Count());
        Assert.Equal(appearances.Count, appearances.Select(a => a.Colour).Distinct().Count());
        Assert.Equal(appearances.Count, appearances.Select(a => a.Icon).Distinct().Count());
    }

    [Fact]
    public void WorstOfNoStatusesIsOperational()
    {
        Assert.Equal(SystemStatus.Operational, Array.Empty<SystemStatus>().Worst());
        Assert.Equal(SystemStatus.Workaround, new[] { SystemStatus.Maintenance, SystemStatus.Workaround, SystemStatus.Degraded }.Worst());
    }
}
