using Microsoft.EntityFrameworkCore;
using Portal.Core.Persistence;

namespace Portal.Core.Features.Statements;

public sealed class GetStatementTemplates(IDbContextFactory<PortalDbContext> dbFactory)
{
    public async Task<IReadOnlyList<StatementTemplateView>> HandleAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var templates = await db.StatementTemplates.AsNoTracking().OrderBy(t => t.Name).ToListAsync(cancellationToken);
        return [.. templates.Select(t => new StatementTemplateView(t.Id, t.Name, t.Title, t.BodyMarkdown, t.Audiences))];
    }
}
