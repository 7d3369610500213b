using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Events.Payloads;
using Portal.Core.Features.Board;
using Portal.Core.Features.Statements;
using Portal.Core.Persistence;

namespace Portal.Core.Features.AudiencePages;

/// <summary>One audience's own page: what concerns its members first, then everything addressed to them.</summary>
/// <param name="Sequence">The event sequence the page is current at.</param>
/// <param name="Headline">The audience's headline question answered; null when it has none or the viewer may not see its system.</param>
/// <param name="Phases">The restart phases the audience may see, in order; progress counts the page's systems only.</param>
/// <param name="Statements">Published (and withdrawn) statements addressed to the audience by name, newest first; public-only ones are on the board.</param>
/// <param name="ContactsHtml">Whom to contact, sanitised HTML; null when the audience names nobody.</param>
public sealed record AudiencePage(
    long Sequence,
    string Key,
    string Name,
    HeadlineAnswer? Headline,
    IReadOnlyList<AudiencePageGroup> Groups,
    IReadOnlyList<BoardPhase> Phases,
    IReadOnlyList<AudienceMetric> Metrics,
    IReadOnlyList<StatementSummary> Statements,
    string? ContactsHtml);

public sealed record AudiencePageGroup(string Name, IReadOnlyList<AudiencePageSystem> Systems);

/// <param name="Reason">Why the system is in its status, from its latest status change.</param>
/// <param name="AskedToDo">The latest published statement addressed to the audience that names this system: what its members are asked to do.</param>
public sealed record AudiencePageSystem(
    int Id,
    string Slug,
    string Name,
    SystemStatus Status,
    string? Reason,
    string? Workaround,
    DateTimeOffset StatusChangedAt,
    DateTimeOffset? ExpectedRestorationAt,
    StatementSummary? AskedToDo);

/// <param name="Points">The last <see cref="GetAudiencePage.MetricPointCount"/> points, oldest first.</param>
/// <param name="ChangeSinceYesterday">The latest value less the last value recorded on an earlier day; null without one.</param>
/// <param name="Direction">Whether a rise is good news, bad news or neither, to tell the change as better or worse.</param>
public sealed record AudienceMetric(
    string Slug,
    string Name,
    string Unit,
    string Description,
    IReadOnlyList<MetricReading> Points,
    MetricReading? Latest,
    decimal? ChangeSinceYesterday,
    MetricDirection Direction = MetricDirection.Neutral);

/// <summary>
/// The page of the audience <c>audienceKey</c> as <c>viewer</c> may see it. Every item on it is
/// visible to both the audience and the viewer. Null for an unknown audience, for Public (whose page
/// is the board) and for a viewer outside the audience: the web page refuses them before asking, and
/// the query does not rely on that (the contacts and headline question are the audience's own).
/// </summary>
/// <remarks>
/// Systems and statements are the ones addressed to the audience by name: the page is "what concerns
/// you", and the board already lists what is public. Phases and metrics include public ones, because
/// the restart timeline is shared by everybody.
/// </remarks>
public sealed class GetAudiencePage(IDbContextFactory<PortalDbContext> dbFactory, StatementImageHosts imageHosts)
{
    public const int MetricPointCount = 30;
    public const int StatementCount = 10;

    public async Task<AudiencePage?> HandleAsync(string audienceKey, Viewer viewer, CancellationToken cancellationToken = default)
    {
        var key = audienceKey.Trim().ToLowerInvariant();
        if (key == Audience.Public || !viewer.Audiences.Contains(key))
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var sequence = await db.LatestVisibleSequenceAsync(viewer.Audiences, cancellationToken);
        var audience = await db.Audiences.AsNoTracking().SingleOrDefaultAsync(a => a.Key == key, cancellationToken);
        if (audience is null)
        {
            return null;
        }

        List<string> pageAudiences = [Audience.Public, key];

        var systems = await db.EstateSystems.AsNoTracking()
            .VisibleTo(viewer)
            .Where(s => s.Audiences.Contains(key))
            .Include(s => s.Group)
            .ToListAsync(cancellationToken);
        var systemIds = systems.Select(s => s.Id).ToList();

        var reasons = await db.SystemStatusChanges.AsNoTracking()
            .Where(c => systemIds.Contains(c.EstateSystemId))
            .GroupBy(c => c.EstateSystemId)
            .Select(g => g.OrderByDescending(c => c.ChangedAt).ThenByDescending(c => c.Id).Select(c => new { c.EstateSystemId, c.Reason }).First())
            .ToDictionaryAsync(c => c.EstateSystemId, c => c.Reason, cancellationToken);

        var statements = await db.Statements.AsNoTracking()
            .VisibleTo(viewer)
            .Where(s => (s.State == StatementState.Published || s.State == StatementState.Withdrawn)
                && s.Audiences.Contains(key))
            .Include(s => s.Revisions)
            .ToListAsync(cancellationToken);

        var groups = systems
            .GroupBy(s => s.GroupId)
            .Select(g => (Group: g.First().Group, Systems: g.OrderBy(s => s.DisplayOrder).ThenBy(s => s.Name)))
            .OrderBy(g => g.Group.DisplayOrder).ThenBy(g => g.Group.Name)
            .Select(g => new AudiencePageGroup(g.Group.Name,
                [.. g.Systems.Select(s => ToPageSystem(s, reasons.GetValueOrDefault(s.Id), AskedToDo(s, statements)))]))
            .ToList();

        var phases = await db.RestartPhases.AsNoTracking()
            .VisibleTo(viewer)
            .AimedAtAnyOf(pageAudiences)
            .OrderBy(p => p.Number)
            .ToListAsync(cancellationToken);

        var metrics = await db.Metrics.AsNoTracking()
            .VisibleTo(viewer)
            .AimedAtAnyOf(pageAudiences)
            .OrderBy(m => m.Name)
            .Select(m => new
            {
                m.Slug,
                m.Name,
                m.Unit,
                m.Description,
                m.Direction,
                Recent = m.Points.OrderByDescending(p => p.At).Take(MetricPointCount)
                    .Select(p => new MetricReading(p.At, p.Value)).ToList(),
            })
            .ToListAsync(cancellationToken);

        var headlineSystem = audience.HeadlineSystemId is { } headlineId
            ? await db.EstateSystems.AsNoTracking()
                .VisibleTo(viewer)
                .AimedAtAnyOf(pageAudiences)
                .Where(s => s.Id == headlineId)
                .SingleOrDefaultAsync(cancellationToken)
            : null;

        return new AudiencePage(
            sequence,
            audience.Key,
            audience.Name,
            headlineSystem is null || audience.HeadlineQuestion is null ? null : HeadlineAnswer.For(audience.HeadlineQuestion, headlineSystem),
            groups,
            [.. phases.Select(p => ToPhase(p, systems))],
            [.. metrics.Select(m => ToMetric(m.Slug, m.Name, m.Unit, m.Description, [.. Enumerable.Reverse(m.Recent)], m.Direction))],
            [.. statements.OrderByDescending(s => s.UpdatedAt).ThenByDescending(s => s.Id).Take(StatementCount).Select(StatementSummaries.From)],
            audience.ContactsMarkdown is { } contacts ? StatementMarkdown.ToSafeHtml(contacts, imageHosts) : null);
    }

    /// <summary>The latest published statement that names the system; a withdrawn one asks nothing any more.</summary>
    private static StatementSummary? AskedToDo(EstateSystem system, IEnumerable<Statement> statements) =>
        statements
            .Where(s => s.State == StatementState.Published && s.LinkedSystemIds.Contains(system.Id))
            .OrderByDescending(s => s.PublishedAt).ThenByDescending(s => s.Id)
            .Select(StatementSummaries.From)
            .FirstOrDefault();

    private static AudiencePageSystem ToPageSystem(EstateSystem s, string? reason, StatementSummary? askedToDo) =>
        new(s.Id, s.Slug, s.Name, s.Status, reason, s.Workaround, s.StatusChangedAt, s.ExpectedRestorationAt, askedToDo);

    private static BoardPhase ToPhase(RestartPhase phase, IReadOnlyList<EstateSystem> pageSystems)
    {
        var phaseSystems = pageSystems.Where(s => s.RestartPhaseId == phase.Id).ToList();
        return new BoardPhase(
            phase.Id, phase.Number, phase.Name, phase.Description, phase.State,
            phase.ExpectedStart, phase.StartedAt, phase.CompletedAt,
            phaseSystems.Count(s => s.Status.IsAvailable()), phaseSystems.Count);
    }

    /// <summary>Builds a metric's trend: "since yesterday" compares with the last value of an earlier (UTC) day.</summary>
    public static AudienceMetric ToMetric(string slug, string name, string unit, string description, IReadOnlyList<MetricReading> points,
        MetricDirection direction = MetricDirection.Neutral)
    {
        var latest = points.Count > 0 ? points[^1] : null;
        var previousDay = latest is null ? null : points.LastOrDefault(p => p.At.UtcDateTime.Date < latest.At.UtcDateTime.Date);
        return new AudienceMetric(slug, name, unit, description, points, latest,
            latest is not null && previousDay is not null ? latest.Value - previousDay.Value : null, direction);
    }
}
