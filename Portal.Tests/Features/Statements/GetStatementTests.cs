using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Features.Statements;
using Portal.Tests.Support;

namespace Portal.Tests.Features.Statements;

public sealed class GetStatementTests : IAsyncLifetime
{
    private TestPortal _portal = null!;

    public async Task InitializeAsync() => _portal = await TestPortal.StartAsync();

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    private async Task<int> IdOf(string title)
    {
        await using var db = _portal.NewDbContext();
        var statements = await db.Statements.Include(s => s.Revisions).ToListAsync();
        return statements.Single(s => s.Title == title).Id;
    }

    [Fact]
    public async Task AnswersNotFoundForASupplierStatementToPublicAndRetailers()
    {
        var id = await IdOf("Supplier payments: how invoices are being paid");
        var query = _portal.Get<GetStatement>();

        Assert.Null(await query.HandleAsync(id, Viewers.Public));
        Assert.Null(await query.HandleAsync(id, Viewers.Retailers));
        Assert.NotNull(await query.HandleAsync(id, Viewers.Suppliers));
    }

    [Fact]
    public async Task AnswersNotFoundForADraftEvenToItsAudience()
    {
        var id = await IdOf("Wholesale finance lines reopen");

        Assert.Null(await _portal.Get<GetStatement>().HandleAsync(id, Viewers.Retailers));
    }

    [Fact]
    public async Task GivesRevisionsNewestFirstAsSafeHtml()
    {
        var id = await IdOf("Our controlled, phased restart has begun");

        var statement = await _portal.Get<GetStatement>().HandleAsync(id, Viewers.Public);

        Assert.NotNull(statement);
        Assert.Equal([2, 1], statement.Revisions.Select(r => r.Number));
        Assert.Contains("<strong>in phases</strong>", statement.Html);
        Assert.Equal("Cyber incident and controlled restart", statement.IncidentTitle);
        Assert.DoesNotContain(statement.LinkedSystems, s => s.Slug is "payroll" or "email-collaboration");
        Assert.Contains(statement.LinkedSystems, s => s.Slug == "customer-contact-centre");
    }

    [Fact]
    public async Task KeepsAWithdrawnStatementReadableWithItsReason()
    {
        var id = await IdOf("Northfield plant is back at full production");
        await using (var db = _portal.NewDbContext())
        {
            var statement = await db.Statements.Include(s => s.Revisions).SingleAsync(s => s.Id == id);
            statement.Withdraw("Production paused again", "comms", PortalRoles.Publisher, _portal.Clock.GetUtcNow());
            await db.SaveChangesAsync();
        }

        var withdrawn = await _portal.Get<GetStatement>().HandleAsync(id, Viewers.Public);

        Assert.Equal(StatementState.Withdrawn, withdrawn?.State);
        Assert.Equal("Production paused again", withdrawn?.WithdrawalReason);
    }
}
