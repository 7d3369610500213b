using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Persistence;

namespace Portal.Tests.Isolation;

/// <summary>
/// The words a viewer must never meet, read from the database rather than written down: for every
/// system, statement (every revision, draft or published), phase, maintenance window, metric and
/// incident the viewer may not see, its name or title, description, slug, workaround, status
/// reasons and each sentence of its body. A phrase that also belongs to something the viewer may
/// see (every system shares the shutdown reason) is no marker and is left out, as is anything
/// shorter than 8 characters.
/// </summary>
public sealed partial record RestrictedText(IReadOnlyList<string> Forbidden, IReadOnlyList<string> OwnSystemNames, IReadOnlyList<string> Visible)
{
    private const int ShortestMarker = 8;

    public static async Task<RestrictedText> ForAsync(PortalDbContext db, Viewer viewer)
    {
        var hidden = new List<string>();
        var visible = new List<string>();
        var ownSystemNames = new List<string>();
        void Sort(bool isVisible, IEnumerable<string?> texts)
        {
            var present = texts.OfType<string>().Where(t => !string.IsNullOrWhiteSpace(t)).ToList();
            (isVisible ? visible : hidden).AddRange(present.SelectMany(Phrases));
            if (isVisible)
            {
                visible.AddRange(present);
            }
        }

        var changes = (await db.SystemStatusChanges.AsNoTracking().ToListAsync()).ToLookup(c => c.EstateSystemId);
        foreach (var system in await db.EstateSystems.AsNoTracking().ToListAsync())
        {
            var isVisible = system.IsVisibleTo(viewer.Audiences);
            Sort(isVisible, [system.Name, system.Description, system.Slug, system.Workaround,
                .. changes[system.Id].SelectMany(c => new[] { c.Reason, c.Workaround })]);
            if (isVisible && !system.IsVisibleTo(Viewer.Anonymous.Audiences))
            {
                ownSystemNames.Add(system.Name);
            }
        }

        var revisions = (await db.StatementRevisions.AsNoTracking().ToListAsync()).ToLookup(r => r.StatementId);
        foreach (var statement in await db.Statements.AsNoTracking().ToListAsync())
        {
            // IsVisibleTo needs the statement's state only; its text is in the revisions read above.
            Sort(statement.IsPublic && AudienceSet.Meets(statement.Audiences, viewer.Audiences),
                [statement.WithdrawalReason, statement.BreakGlassReason,
                 .. revisions[statement.Id].SelectMany(r => new[] { r.Title, r.BodyMarkdown })]);
        }

        foreach (var phase in await db.RestartPhases.AsNoTracking().ToListAsync())
        {
            Sort(phase.IsVisibleTo(viewer.Audiences), [phase.Name, phase.Description]);
        }

        foreach (var maintenance in await db.Maintenances.AsNoTracking().ToListAsync())
        {
            Sort(maintenance.IsVisibleTo(viewer.Audiences), [maintenance.Title, maintenance.Description]);
        }

        foreach (var metric in await db.Metrics.AsNoTracking().ToListAsync())
        {
            Sort(metric.IsVisibleTo(viewer.Audiences), [metric.Name, metric.Description, metric.Slug]);
        }

        foreach (var incident in await db.Incidents.AsNoTracking().ToListAsync())
        {
            Sort(incident.IsVisibleTo(viewer.Audiences), [incident.Title]);
        }

        var forbidden = hidden.Distinct(StringComparer.Ordinal)
            .Where(marker => !visible.Any(text => text.Contains(marker, StringComparison.Ordinal)))
            .Order(StringComparer.Ordinal)
            .ToList();
        return new RestrictedText(forbidden, ownSystemNames, visible.Distinct(StringComparer.Ordinal).ToList());
    }

    /// <summary>The markers that occur in <paramref name="text"/>.</summary>
    public IEnumerable<string> FoundIn(string text) => Forbidden.Where(marker => text.Contains(marker, StringComparison.Ordinal));

    /// <summary>
    /// Splits Markdown into the phrases a reader sees unbroken on the page: lines, sentences, and
    /// the runs between emphasis marks, without list bullets and headings.
    /// </summary>
    public static IEnumerable<string> Phrases(string text) =>
        PhraseBreaks().Split(text)
            .Select(phrase => phrase.Trim().TrimEnd('.', ';', ':', ',', '!', '?').Trim())
            .Where(phrase => phrase.Length >= ShortestMarker);

    [GeneratedRegex(@"\*\*|\*|_|`|\r?\n|(?<=[.;:!?])\s+|^\s*(?:[-+>]|#+)\s+", RegexOptions.Multiline)]
    private static partial Regex PhraseBreaks();
}
