using Portal.Core.Domain;

namespace Portal.Tests.Domain;

public sealed class EstateSystemTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);

    private static EstateSystem NewSystem(params string[] audiences) =>
        new("supplier-payments", "Supplier payments", "Pays suppliers.", new SystemGroup("Finance", 1), 1,
            audiences.Length == 0 ? ["suppliers"] : audiences, Start);

    [Fact]
    public void StartsOperationalAndRecordsEachChange()
    {
        var system = NewSystem();

        var change = system.ChangeStatus(SystemStatus.Offline, "Shut down", null, null, "operator", Start.AddHours(1));

        Assert.Equal(SystemStatus.Offline, system.Status);
        Assert.Equal(SystemStatus.Operational, change.From);
        Assert.Equal(SystemStatus.Offline, change.To);
        Assert.Equal(Start.AddHours(1), system.StatusChangedAt);
        Assert.Single(system.StatusChanges);
        Assert.Equal(1, system.Version);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void RefusesAChangeWithoutAReason(string reason)
    {
        var system = NewSystem();

        var problem = Assert.Throws<DomainException>(() =>
            system.ChangeStatus(SystemStatus.Offline, reason, null, null, "operator", Start.AddHours(1)));

        Assert.Equal("Reason is required.", problem.Message);
        Assert.Equal(SystemStatus.Operational, system.Status);
        Assert.Empty(system.StatusChanges);
    }

    [Fact]
    public void RefusesAWorkaroundStatusWithoutTheWorkaround()
    {
        var system = NewSystem();

        Assert.Throws<DomainException>(() =>
            system.ChangeStatus(SystemStatus.Workaround, "Manual runs", null, null, "operator", Start.AddHours(1)));
    }

    [Fact]
    public void ClearsWorkaroundAndExpectedTimeWhenBackToOperational()
    {
        var system = NewSystem();
        system.ChangeStatus(SystemStatus.Workaround, "Manual runs", "Pay by hand", Start.AddDays(2), "operator", Start.AddHours(1));

        system.ChangeStatus(SystemStatus.Operational, "Restored", "ignored", Start.AddDays(3), "operator", Start.AddHours(2));

        Assert.Null(system.Workaround);
        Assert.Null(system.ExpectedRestorationAt);
    }

    [Fact]
    public void RefusesAReasonLongerThanTheLimit()
    {
        var system = NewSystem();

        Assert.Throws<DomainException>(() => system.ChangeStatus(SystemStatus.Degraded,
            new string('x', EstateSystem.ReasonMaxLength + 1), null, null, "operator", Start.AddHours(1)));
    }

    [Fact]
    public void RefusesAChangeDatedBeforeTheCurrentStatus()
    {
        var system = NewSystem();
        system.ChangeStatus(SystemStatus.Offline, "Shut down", null, null, "operator", Start.AddHours(2));

        Assert.Throws<DomainException>(() =>
            system.ChangeStatus(SystemStatus.Restoring, "Back", null, null, "operator", Start.AddHours(1)));
    }

    [Fact]
    public void RefusesAnUndefinedStatus()
    {
        var system = NewSystem();

        Assert.Throws<DomainException>(() =>
            system.ChangeStatus((SystemStatus)42, "Odd", null, null, "operator", Start.AddHours(1)));
    }

    [Theory]
    [InlineData("Supplier Payments")]
    [InlineData("supplier_payments")]
    [InlineData("")]
    public void RefusesASlugThatIsNotLowerCaseWordsAndHyphens(string slug) =>
        Assert.Throws<DomainException>(() =>
            new EstateSystem(slug, "Supplier payments", "", new SystemGroup("Finance", 1), 1, ["suppliers"], Start));

    [Fact]
    public void RefusesAnEmptyAudienceList() =>
        Assert.Throws<DomainException>(() =>
            new EstateSystem("payroll", "Payroll", "", new SystemGroup("Colleague services", 1), 1, [], Start));

    [Fact]
    public void IsVisibleOnlyToViewersInOneOfItsAudiences()
    {
        var system = NewSystem("suppliers", "colleagues");

        Assert.True(system.IsVisibleTo(new Viewer(["suppliers"]).Audiences));
        Assert.True(system.IsVisibleTo(new Viewer(["colleagues", "retailers"]).Audiences));
        Assert.False(system.IsVisibleTo(Viewer.Anonymous.Audiences));
        Assert.False(system.IsVisibleTo(new Viewer(["retailers"]).Audiences));
    }
}
