using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Persistence;

namespace Portal.Core.Features.Audit;

/// <summary>Which audit entries to show; every part is optional.</summary>
public sealed record AuditFilter(string? Person = null, string? EntityType = null, string? EntityId = null, DateTimeOffset? From = null, DateTimeOffset? To = null);

public sealed record AuditEntryView(
    long Id,
    DateTimeOffset At,
    string Actor,
    string? Address,
    string Action,
    string EntityType,
    string EntityId,
    string? Before,
    string? After);

public sealed record AuditPage(IReadOnlyList<AuditEntryView> Entries, int Total);

/// <summary>The audit log, newest first, filtered by person, entity and time.</summary>
public sealed class GetAuditLog(IDbContextFactory<PortalDbContext> dbFactory)
{
    public const int MaxPageSize = 500;

    public async Task<AuditPage> HandleAsync(AuditFilter filter, int skip = 0, int take = 100, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = Filtered(db, filter);
        var total = await query.CountAsync(cancellationToken);
        var entries = await query.OrderByDescending(a => a.At).ThenByDescending(a => a.Id)
            .Skip(Math.Max(0, skip)).Take(Math.Clamp(take, 1, MaxPageSize))
            .Select(a => new AuditEntryView(a.Id, a.At, a.ActorName, a.ActorAddress, a.Action, a.EntityType, a.EntityId, a.Before, a.After))
            .ToListAsync(cancellationToken);
        return new AuditPage(entries, total);
    }

    /// <summary>Writes every matching entry as RFC 4180 CSV, oldest first, streaming from the database.</summary>
    public async Task WriteCsvAsync(AuditFilter filter, TextWriter writer, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var csv = PortalCsv.Export(writer);
        await csv.WriteRecordAsync(["at", "actor", "address", "action", "entity_type", "entity_id", "before", "after"], cancellationToken);
        await foreach (var entry in Filtered(db, filter).OrderBy(a => a.At).ThenBy(a => a.Id).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            await csv.WriteRecordAsync(
            [
                entry.At.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
                entry.ActorName, entry.ActorAddress ?? "", entry.Action, entry.EntityType, entry.EntityId, entry.Before ?? "", entry.After ?? "",
            ], cancellationToken);
        }

        await csv.FlushAsync(cancellationToken);
    }

    private static IQueryable<AuditEntry> Filtered(PortalDbContext db, AuditFilter filter)
    {
        var query = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.Person))
        {
            var person = filter.Person.Trim();
            query = query.Where(a => a.ActorName.Contains(person));
        }

        if (!string.IsNullOrWhiteSpace(filter.EntityType))
        {
            query = query.Where(a => a.EntityType == filter.EntityType);
        }

        if (!string.IsNullOrWhiteSpace(filter.EntityId))
        {
            query = query.Where(a => a.EntityId == filter.EntityId);
        }

        if (filter.From is { } from)
        {
            query = query.Where(a => a.At >= from);
        }

        if (filter.To is { } to)
        {
            query = query.Where(a => a.At <= to);
        }

        return query;
    }
}
