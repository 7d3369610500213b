using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Persistence;

namespace Portal.Core.Features.Estate;

/// <summary>The estate's structure (audiences, groups, phases, systems, templates) for <see cref="ImportEstate"/> (Admin).</summary>
public sealed class ExportEstate(IDbContextFactory<PortalDbContext> dbFactory)
{
    public async Task<EstateDocument> HandleAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Require(PortalRoles.Admin);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var groups = await db.SystemGroups.AsNoTracking().ToListAsync(cancellationToken);
        var phases = await db.RestartPhases.AsNoTracking().ToListAsync(cancellationToken);
        var systems = await db.EstateSystems.AsNoTracking().ToListAsync(cancellationToken);
        var audiences = await db.Audiences.AsNoTracking().ToListAsync(cancellationToken);
        var templates = await db.StatementTemplates.AsNoTracking().ToListAsync(cancellationToken);
        var groupNames = groups.ToDictionary(g => g.Id, g => g.Name);
        var phaseNumbers = phases.ToDictionary(p => p.Id, p => p.Number);
        var slugs = systems.ToDictionary(s => s.Id, s => s.Slug);

        return new EstateDocument(
            EstateDocument.CurrentFormatVersion,
            [.. audiences.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => new EstateAudience(
                a.Key, a.Name, a.HeadlineQuestion, a.HeadlineSystemId is { } id ? slugs.GetValueOrDefault(id) : null,
                a.ContactsMarkdown, a.SelfRegistrationOpen, a.RegistrationDomains))],
            [.. groups.OrderBy(g => g.DisplayOrder).ThenBy(g => g.Name, StringComparer.Ordinal).Select(g => new EstateGroup(g.Name, g.DisplayOrder))],
            [.. phases.OrderBy(p => p.Number).Select(p => new EstatePhase(p.Number, p.Name, p.Description, p.Audiences, p.ExpectedStart))],
            [.. systems.OrderBy(s => s.DisplayOrder).ThenBy(s => s.Slug, StringComparer.Ordinal).Select(s => new EstateSystemEntry(
                s.Slug, s.Name, s.Description, groupNames[s.GroupId], s.DisplayOrder, s.Audiences,
                s.RestartPhaseId is { } phaseId ? phaseNumbers[phaseId] : null))],
            [.. templates.OrderBy(t => t.Name, StringComparer.Ordinal).Select(t => new EstateTemplate(t.Name, t.Title, t.BodyMarkdown, t.Audiences))]);
    }
}
