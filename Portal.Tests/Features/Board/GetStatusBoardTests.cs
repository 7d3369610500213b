using Portal.Core.Domain;
using Portal.Core.Features.Board;
using Portal.Tests.Support;

namespace Portal.Tests.Features.Board;

public sealed class GetStatusBoardTests : IAsyncLifetime
{
    private TestPortal _portal = null!;

    public async Task InitializeAsync() => _portal = await TestPortal.StartAsync();

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    private Task<StatusBoard> BoardFor(Viewer viewer) => _portal.Get<GetStatusBoard>().HandleAsync(viewer);

    [Fact]
    public async Task GivesAPublicViewerNoSupplierOnlySystemStatementPhaseOrMaintenance()
    {
        var board = await BoardFor(Viewers.Public);

        var slugs = board.Groups.SelectMany(g => g.Systems).Select(s => s.Slug).ToList();
        Assert.DoesNotContain("supplier-payments", slugs);
        Assert.DoesNotContain("supplier-invoicing", slugs);
        Assert.DoesNotContain("supplier-portal-edi", slugs);
        Assert.DoesNotContain("payroll", slugs);
        Assert.DoesNotContain("retailer-vehicle-ordering", slugs);
        Assert.Contains("online-vehicle-registration", slugs);
        Assert.DoesNotContain(board.LatestStatements, s => s.Title.Contains("Supplier payments", StringComparison.Ordinal));
        Assert.DoesNotContain(board.Phases, p => p.Name == "Supplier connections");
        Assert.DoesNotContain(board.Maintenance, m => m.Title.StartsWith("Supplier portal", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GivesSuppliersTheirOwnContentAsWellAsPublicContent()
    {
        var board = await BoardFor(Viewers.Suppliers);

        var slugs = board.Groups.SelectMany(g => g.Systems).Select(s => s.Slug).ToList();
        Assert.Contains("supplier-payments", slugs);
        Assert.Contains("online-vehicle-registration", slugs);
        Assert.DoesNotContain("retailer-vehicle-ordering", slugs);
        Assert.DoesNotContain("payroll", slugs);
        Assert.Contains(board.LatestStatements, s => s.Title == "Supplier payments: how invoices are being paid");
        Assert.DoesNotContain(board.LatestStatements, s => s.Title.StartsWith("Delivering vehicles", StringComparison.Ordinal));
        Assert.Contains(board.Phases, p => p.Name == "Supplier connections");
        Assert.Contains(board.Maintenance, m => m.Title.StartsWith("Supplier portal", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CountsPhaseProgressOverVisibleSystemsOnly()
    {
        var publicPhase = (await BoardFor(Viewers.Public)).Phases.Single(p => p.Name == "Money flowing again");
        var supplierPhase = (await BoardFor(Viewers.Suppliers)).Phases.Single(p => p.Name == "Money flowing again");

        Assert.Equal(0, publicPhase.SystemsTotal);
        Assert.Equal(2, supplierPhase.SystemsTotal);
        Assert.Equal(1, supplierPhase.SystemsBack);
    }

    [Fact]
    public async Task ShowsTheWorstVisibleStatusAndTheActiveIncident()
    {
        var board = await BoardFor(Viewers.Public);

        Assert.Equal(SystemStatus.Offline, board.OverallStatus);
        Assert.Equal("Cyber incident and controlled restart", board.ActiveIncident?.Title);
        Assert.Equal(IncidentState.Identified, board.ActiveIncident?.State);
    }

    [Fact]
    public async Task GroupsSystemsUnderTheirHeadingsInOrder()
    {
        var board = await BoardFor(Viewers.Colleagues);

        Assert.Equal(["Finance", "Supply chain", "Sales & retail", "Manufacturing", "Colleague services"],
            board.Groups.Select(g => g.Name));
        Assert.Equal(
            ["northfield-plant", "riverside-plant", "westgate-plant"],
            board.Groups.Single(g => g.Name == "Manufacturing").Systems.Select(s => s.Slug));
    }

    [Fact]
    public async Task ListsOnlyPublishedStatementsNewestFirst()
    {
        var board = await BoardFor(new Viewer(["retailers", "suppliers", "colleagues"]));

        Assert.DoesNotContain(board.LatestStatements, s => s.Title == "Wholesale finance lines reopen");
        Assert.Equal(board.LatestStatements.OrderByDescending(s => s.UpdatedAt), board.LatestStatements);
        Assert.Equal(2, board.LatestStatements.Single(s => s.Title.StartsWith("Our controlled", StringComparison.Ordinal)).RevisionCount);
    }
}
