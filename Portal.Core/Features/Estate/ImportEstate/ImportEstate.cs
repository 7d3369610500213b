using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Persistence;

namespace Portal.Core.Features.Estate;

/// <summary>How much an import added.</summary>
public sealed record ImportedEstate(int Audiences, int Groups, int Phases, int Systems, int Templates);

/// <summary>
/// Loads an exported estate into a portal that has none yet (no groups, systems, phases or
/// templates), all or nothing. Audiences the portal already has are renamed and described as in the
/// file; the others are added (Admin).
/// </summary>
public sealed class ImportEstate(IDbContextFactory<PortalDbContext> dbFactory, PortalEventStream stream, TimeProvider clock)
{
    public async Task<ImportedEstate> HandleAsync(EstateDocument document, Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Require(PortalRoles.Admin);
        if (document.FormatVersion != EstateDocument.CurrentFormatVersion)
        {
            throw new DomainException(
                $"This file is in estate format {document.FormatVersion}; this portal reads format {EstateDocument.CurrentFormatVersion}.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await db.SystemGroups.AnyAsync(cancellationToken) || await db.EstateSystems.AnyAsync(cancellationToken)
            || await db.RestartPhases.AnyAsync(cancellationToken) || await db.StatementTemplates.AnyAsync(cancellationToken))
        {
            throw new DomainException(
                "This portal already has an estate (groups, systems, phases or templates); import only into a new portal, started with Portal:SeedDemoData set to false.");
        }

        var audiences = await db.Audiences.ToDictionaryAsync(a => a.Key, StringComparer.Ordinal, cancellationToken);
        foreach (var entry in document.Audiences)
        {
            var key = Audience.NormaliseKey(entry.Key);
            if (!audiences.TryGetValue(key, out var audience))
            {
                audience = new Audience(key, entry.Name);
                db.Audiences.Add(audience);
                audiences[key] = audience;
            }

            audience.Rename(entry.Name);
            audience.SetRegistration(entry.SelfRegistrationOpen, entry.RegistrationDomains);
        }

        await db.SaveChangesAsync(cancellationToken);

        var groups = new Dictionary<string, SystemGroup>(StringComparer.Ordinal);
        foreach (var entry in document.Groups)
        {
            if (!groups.TryAdd(entry.Name, new SystemGroup(entry.Name, entry.DisplayOrder)))
            {
                throw new DomainException($"The group '{entry.Name}' is in the file twice.");
            }
        }

        var phases = new Dictionary<int, RestartPhase>();
        foreach (var entry in document.Phases)
        {
            if (!phases.TryAdd(entry.Number, new RestartPhase(entry.Number, entry.Name, entry.Description,
                    await db.KnownAsync(entry.Audiences, cancellationToken), entry.ExpectedStart)))
            {
                throw new DomainException($"Phase {entry.Number} is in the file twice.");
            }
        }

        db.SystemGroups.AddRange(groups.Values);
        db.RestartPhases.AddRange(phases.Values);
        await db.SaveChangesAsync(cancellationToken);

        var now = clock.GetUtcNow();
        var systems = new Dictionary<string, EstateSystem>(StringComparer.Ordinal);
        foreach (var entry in document.Systems)
        {
            var group = groups.GetValueOrDefault(entry.Group)
                ?? throw new DomainException($"The system '{entry.Slug}' is in the group '{entry.Group}', which the file does not define.");
            var system = new EstateSystem(entry.Slug, entry.Name, entry.Description, group, entry.DisplayOrder,
                await db.KnownAsync(entry.Audiences, cancellationToken), now);
            if (entry.Phase is { } number)
            {
                system.AssignToPhase(phases.GetValueOrDefault(number)
                    ?? throw new DomainException($"The system '{entry.Slug}' is in phase {number}, which the file does not define."));
            }

            if (!systems.TryAdd(system.Slug, system))
            {
                throw new DomainException($"The system '{entry.Slug}' is in the file twice.");
            }
        }

        db.EstateSystems.AddRange(systems.Values);
        foreach (var entry in document.Templates)
        {
            db.StatementTemplates.Add(new StatementTemplate(entry.Name, entry.Title, entry.BodyMarkdown,
                await db.KnownAsync(entry.Audiences, cancellationToken)));
        }

        await db.SaveChangesAsync(cancellationToken);

        // Headlines name a system, which has an id only now.
        foreach (var entry in document.Audiences)
        {
            var headline = entry.HeadlineSystem is { } slug
                ? systems.GetValueOrDefault(slug) ?? throw new DomainException(
                    $"The audience '{entry.Key}' leads with the system '{slug}', which the file does not define.")
                : null;
            audiences[Audience.NormaliseKey(entry.Key)].DescribePage(entry.HeadlineQuestion, headline?.Id, entry.ContactsMarkdown);
        }

        var imported = new ImportedEstate(document.Audiences.Count, groups.Count, phases.Count, systems.Count, document.Templates.Count);
        db.Audit(actor, "estate.imported", "Estate", "estate", null, imported, now);
        await db.CommitAsync(stream, cancellationToken);
        return imported;
    }
}
