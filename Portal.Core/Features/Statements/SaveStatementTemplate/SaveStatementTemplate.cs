using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Persistence;

namespace Portal.Core.Features.Statements;

/// <param name="Id">Null to add a template; otherwise the template to change.</param>
public sealed record SaveStatementTemplateRequest(int? Id, string Name, string Title, string BodyMarkdown, IReadOnlyList<string> Audiences);

/// <summary>Adds or changes a template for recurring statements.</summary>
public sealed class SaveStatementTemplate(IDbContextFactory<PortalDbContext> dbFactory, PortalEventStream stream, TimeProvider clock)
{
    public async Task<StatementTemplateView> HandleAsync(SaveStatementTemplateRequest request, Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Require(PortalRoles.Publisher);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var name = request.Name.Trim();
        if (await db.StatementTemplates.AnyAsync(t => t.Name == name && t.Id != request.Id, cancellationToken))
        {
            throw new DomainException($"There is already a template called “{name}”.");
        }

        StatementTemplate template;
        object? before = null;
        IAsyncDisposable? transaction = null;
        if (request.Id is { } id)
        {
            template = await db.StatementTemplates.SingleOrDefaultAsync(t => t.Id == id, cancellationToken)
                ?? throw new NotFoundException($"There is no template {id}.");
            before = new { template.Name, template.Title, template.Audiences };
            template.Update(request.Name, request.Title, request.BodyMarkdown, request.Audiences);
        }
        else
        {
            template = new StatementTemplate(request.Name, request.Title, request.BodyMarkdown, request.Audiences);
            transaction = await db.InsertAsync(template, cancellationToken);
        }

        await using (transaction)
        {
            db.Audit(actor, before is null ? "template.created" : "template.updated", nameof(StatementTemplate),
                template.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), before,
                new { template.Name, template.Title, template.Audiences }, now);
            await db.CommitAsync(stream, cancellationToken);
        }
        return new StatementTemplateView(template.Id, template.Name, template.Title, template.BodyMarkdown, template.Audiences);
    }
}
