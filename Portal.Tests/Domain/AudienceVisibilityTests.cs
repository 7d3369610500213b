using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Tests.Support;

namespace Portal.Tests.Domain;

public sealed class AudienceVisibilityTests : IAsyncLifetime
{
    private TestPortal _portal = null!;

    public async Task InitializeAsync() => _portal = await TestPortal.StartAsync();

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    public static TheoryData<string> RestrictedSets => ["EstateSystems", "Incidents", "Statements", "Maintenances", "RestartPhases", "Metrics", "PortalEvents"];

    [Theory]
    [MemberData(nameof(RestrictedSets))]
    public async Task FiltersInTheDatabaseToTheItemsAViewerMaySee(string set)
    {
        await using var db = _portal.NewDbContext();
        var (sql, visible, all) = set switch
        {
            "EstateSystems" => await ReadAsync(db.EstateSystems, Viewers.Suppliers),
            "Incidents" => await ReadAsync(db.Incidents, Viewers.Suppliers),
            "Statements" => await ReadAsync(db.Statements, Viewers.Suppliers),
            "Maintenances" => await ReadAsync(db.Maintenances, Viewers.Suppliers),
            "RestartPhases" => await ReadAsync(db.RestartPhases, Viewers.Suppliers),
            "Metrics" => await ReadAsync(db.Metrics, Viewers.Suppliers),
            _ => await ReadAsync(db.PortalEvents, Viewers.Suppliers),
        };

        // The rule is part of the SQL's WHERE clause, with the viewer's audiences as a parameter: it is
        // never applied to rows after they reach the portal.
        var where = sql[sql.IndexOf("WHERE", StringComparison.Ordinal)..];
        Assert.Contains("\"Audiences\"", where, StringComparison.Ordinal);
        Assert.Contains("json_each", where, StringComparison.Ordinal);
        Assert.Equal(all.Where(item => AudienceSet.Meets(item.Audiences, Viewers.Suppliers.Audiences)).Count(), visible.Count);
        Assert.All(visible, item => Assert.True(AudienceSet.Meets(item.Audiences, Viewers.Suppliers.Audiences)));
    }

    [Fact]
    public async Task ShowsAnAnonymousViewerOnlyPublicItemsAndHidesTheRestOfTheSeededEstate()
    {
        await using var db = _portal.NewDbContext();

        var publicSystems = await db.EstateSystems.VisibleTo(Viewers.Public).ToListAsync();
        var allSystems = await db.EstateSystems.ToListAsync();

        Assert.NotEmpty(publicSystems);
        Assert.All(publicSystems, s => Assert.Contains(Audience.Public, s.Audiences));
        Assert.True(publicSystems.Count < allSystems.Count, "The seeded estate has systems that only some audiences see.");
    }

    [Fact]
    public async Task AimedAtAnyOfKeepsOnlyItemsAimedAtTheGivenAudiences()
    {
        await using var db = _portal.NewDbContext();

        var suppliersOnly = await db.EstateSystems.AimedAtAnyOf(["suppliers"]).ToListAsync();

        Assert.NotEmpty(suppliersOnly);
        Assert.All(suppliersOnly, s => Assert.Contains("suppliers", s.Audiences));
    }

    private static async Task<(string Sql, List<IAudienceRestricted> Visible, List<IAudienceRestricted> All)> ReadAsync<T>(DbSet<T> set, Viewer viewer)
        where T : class, IAudienceRestricted
    {
        var query = set.AsNoTracking().VisibleTo(viewer);
        var visible = await query.ToListAsync();
        var all = await set.AsNoTracking().ToListAsync();
        return (query.ToQueryString(), [.. visible], [.. all]);
    }
}
