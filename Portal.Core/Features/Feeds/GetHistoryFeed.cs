using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Features.Statements;
using Portal.Core.Persistence;

namespace Portal.Core.Features.Feeds;

/// <summary>What an entry in the history feed records.</summary>
public enum HistoryEntryKind
{
    Published,
    Amended,
    Withdrawn,
    StatusChanged,
}

/// <summary>
/// One entry of the history feed: a statement revision (published or amended), a withdrawal or a system
/// status change. <paramref name="Key"/> names it for good (e.g. <c>statement/12/revision/2</c>), so a
/// feed reader sees each update once and a later amendment as a new entry; <paramref name="Path"/> is
/// the portal page it links to, relative to the portal's address; <paramref name="Html"/> is sanitised.
/// </summary>
public sealed record HistoryEntry(string Key, HistoryEntryKind Kind, string Title, string Html, DateTimeOffset At, string Path);

/// <summary>The newest history entries a viewer may see, newest first, and the sequence they are current at.</summary>
public sealed record HistoryFeed(long Sequence, IReadOnlyList<HistoryEntry> Entries);

/// <summary>
/// The history feeds' content (<c>/history.atom</c>, <c>/history.rss</c>): statement revisions,
/// withdrawals and status changes of systems the viewer may see, read through the audience rule
/// (anonymous viewers: Public only).
/// </summary>
public sealed class GetHistoryFeed(IDbContextFactory<PortalDbContext> dbFactory, StatementImageHosts imageHosts)
{
    /// <summary>How many entries a feed holds: the newest ones.</summary>
    public const int EntryLimit = 50;

    /// <summary>The newest event sequence <paramref name="viewer"/> may see, read alone for a cheap 304.</summary>
    public async Task<long> CurrentSequenceAsync(Viewer viewer, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.LatestVisibleSequenceAsync(viewer.Audiences, cancellationToken);
    }

    public async Task<HistoryFeed> HandleAsync(Viewer viewer, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var sequence = await db.LatestVisibleSequenceAsync(viewer.Audiences, cancellationToken);

        // Each statement gives at least one entry, so the newest EntryLimit statements hold every statement entry that can make the cut.
        var statements = await db.Statements.AsNoTracking()
            .VisibleTo(viewer)
            .Where(s => s.State == StatementState.Published || s.State == StatementState.Withdrawn)
            .OrderByDescending(s => s.UpdatedAt)
            .Take(EntryLimit)
            .Include(s => s.Revisions)
            .ToListAsync(cancellationToken);

        var systems = await db.EstateSystems.AsNoTracking()
            .VisibleTo(viewer)
            .Select(s => new { s.Id, s.Slug, s.Name })
            .ToListAsync(cancellationToken);
        var systemIds = systems.Select(s => s.Id).ToList();
        var changes = await db.SystemStatusChanges.AsNoTracking()
            .Where(c => systemIds.Contains(c.EstateSystemId))
            .OrderByDescending(c => c.ChangedAt)
            .ThenByDescending(c => c.Id)
            .Take(EntryLimit)
            .ToListAsync(cancellationToken);
        var systemsById = systems.ToDictionary(s => s.Id);

        var entries = statements.SelectMany(StatementEntries)
            .Concat(changes.Select(c =>
            {
                var system = systemsById[c.EstateSystemId];
                var html = $"<p>{Encode(system.Name)} changed from {c.From.DisplayName()} to {c.To.DisplayName()}.</p>"
                    + (c.Reason.Length > 0 ? $"<p>{Encode(c.Reason)}</p>" : "")
                    + (c.Workaround is { Length: > 0 } workaround ? $"<p>Workaround: {Encode(workaround)}</p>" : "");
                return new HistoryEntry($"system/{system.Id}/status-change/{c.Id}", HistoryEntryKind.StatusChanged,
                    $"{system.Name}: {c.To.DisplayName()}", html, c.ChangedAt, $"systems/{system.Slug}");
            }))
            .OrderByDescending(e => e.At)
            .ThenBy(e => e.Key, StringComparer.Ordinal)
            .Take(EntryLimit)
            .ToList();
        return new HistoryFeed(sequence, entries);
    }

    private IEnumerable<HistoryEntry> StatementEntries(Statement statement)
    {
        var path = $"statements/{statement.Id}";
        foreach (var revision in statement.Revisions)
        {
            yield return new HistoryEntry(
                $"statement/{statement.Id}/revision/{revision.Number}",
                revision.Number == 1 ? HistoryEntryKind.Published : HistoryEntryKind.Amended,
                revision.Number == 1 ? revision.Title : $"Amended: {revision.Title}",
                StatementMarkdown.ToSafeHtml(revision.BodyMarkdown, imageHosts),
                revision.CreatedAt,
                path);
        }

        if (statement is { State: StatementState.Withdrawn, WithdrawnAt: { } withdrawnAt })
        {
            yield return new HistoryEntry(
                $"statement/{statement.Id}/withdrawn",
                HistoryEntryKind.Withdrawn,
                $"Withdrawn: {statement.Title}",
                $"<p>This statement has been withdrawn and no longer applies. Reason: {Encode(statement.WithdrawalReason ?? "")}</p>",
                withdrawnAt,
                path);
        }
    }

    private static string Encode(string text) => System.Net.WebUtility.HtmlEncode(text);
}
