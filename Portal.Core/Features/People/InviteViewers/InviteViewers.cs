using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Domain;
using Portal.Core.Events;

namespace Portal.Core.Features.People;

/// <param name="CsvText">
/// One viewer per line: <c>email,name,organisation,audiences</c>, audiences separated by <c>;</c>,
/// <c>|</c> or <c>,</c> and named by key or display name (<c>suppliers</c> or <c>Suppliers</c>). The
/// name and organisation may be empty (the person gives their name on accepting). A header line
/// naming these columns (in any order) is optional; cells holding the separator go in double quotes.
/// Lines separated by <c>;</c> instead of <c>,</c> (how Excel saves CSV in many European languages)
/// are recognised from the first line.
/// </param>
public sealed record InviteViewersRequest(string CsvText);

/// <summary>What became of one pasted line.</summary>
/// <param name="LineNumber">The line the entry starts on, counting from 1, blank lines and header included.</param>
/// <param name="Text">The line as pasted, to paste again once corrected.</param>
/// <param name="Invitation">The issued invitation (its link shown once), or null when the line was refused.</param>
/// <param name="Refusal">Why the line was refused, or null when it was accepted.</param>
public sealed record ViewerInvitationLine(int LineNumber, string Text, string Email, IssuedInvitation? Invitation, string? Refusal)
{
    public bool Accepted => Invitation is not null;
}

/// <summary>The line-by-line report of a bulk invitation.</summary>
/// <param name="Header">The header line as pasted, or null when there was none.</param>
/// <param name="Separator">The separator the cells were read with: <c>,</c>, or <c>;</c> when the paste used it.</param>
public sealed record InviteViewersResult(IReadOnlyList<ViewerInvitationLine> Lines, string? Header, char Separator = ',')
{
    /// <summary>True when the paste was read as <c>;</c>-separated, which the Admin should be told.</summary>
    public bool ReadAsSemicolonSeparated => Separator == ';';

    public IReadOnlyList<ViewerInvitationLine> Accepted => [.. Lines.Where(l => l.Accepted)];

    public IReadOnlyList<ViewerInvitationLine> Refused => [.. Lines.Where(l => !l.Accepted)];

    /// <summary>The refused lines (after the header, when there was one), ready to correct and submit again.</summary>
    public string RefusedText => string.Join('\n', (Header is null ? [] : new[] { Header }).Concat(Refused.Select(l => l.Text)));
}

/// <summary>
/// An administrator invites many viewers at once from pasted CSV. Every line is checked as a single
/// invitation would be (plus: at least one audience is required, and an address may appear once per
/// paste; the name is optional, as on the single form); the good lines become invitations together, in one transaction, and the
/// bad lines are reported with their reasons and create nothing. A paste larger than
/// <see cref="MaxLines"/> lines or <see cref="MaxCharacters"/> characters is refused as a whole.
/// </summary>
public sealed class InviteViewers(IServiceScopeFactory scopes, TimeProvider clock)
{
    public const int MaxLines = 1_000;
    public const int MaxCharacters = 200_000;

    private static readonly string[] Columns = ["email", "name", "organisation", "audiences"];

    public async Task<InviteViewersResult> HandleAsync(InviteViewersRequest request, Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Require(PortalRoles.Admin);
        if (request.CsvText.Length > MaxCharacters)
        {
            throw new DomainException(string.Create(CultureInfo.InvariantCulture,
                $"A paste may hold at most {MaxCharacters:N0} characters and this one has {request.CsvText.Length:N0}. Invite the viewers in parts."));
        }

        var separator = PortalCsv.GuessSeparator(request.CsvText);
        var records = PortalCsv.Read(request.CsvText, out var unclosedQuoteLine, separator);
        var (columns, header) = ColumnsOf(records);
        if (header is not null)
        {
            records.RemoveAt(0);
        }

        if (records.Count == 0)
        {
            throw new DomainException("There is nobody to invite. Paste one viewer per line as email,name,organisation,audiences.");
        }

        if (records.Count > MaxLines)
        {
            throw new DomainException(string.Create(CultureInfo.InvariantCulture,
                $"A paste may invite at most {MaxLines:N0} viewers and this one has {records.Count:N0} lines. Invite them in parts."));
        }

        var now = clock.GetUtcNow();
        await using var change = await AccountChange.BeginAsync(scopes, cancellationToken);
        var audiences = await change.Db.Audiences.AsNoTracking().Select(a => new { a.Key, a.Name }).ToListAsync(cancellationToken);
        var audienceByName = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var audience in audiences)
        {
            audienceByName.TryAdd(audience.Key, audience.Key);
            audienceByName.TryAdd(audience.Name, audience.Key);
        }

        var memberships = string.Join(", ", audiences.Where(a => a.Key != Audience.Public).Select(a => a.Name));
        var normalisedEmails = records.Select(r => change.Users.NormalizeEmail(Cell(r, columns, 0))).ToList();
        var existing = (await change.Db.Users.AsNoTracking()
                .Where(u => u.NormalizedEmail != null && normalisedEmails.Contains(u.NormalizedEmail))
                .Select(u => u.NormalizedEmail!)
                .ToListAsync(cancellationToken))
            .ToHashSet(StringComparer.Ordinal);

        var firstLineOf = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var checkedLines = new List<(CsvRecord Record, string Email, InvitationTerms? Terms, string? Refusal)>();
        foreach (var record in records)
        {
            var email = Cell(record, columns, 0);
            var refusal = record.LineNumber == unclosedQuoteLine
                ? "A double quote opens a cell here and is never closed, so the rest of the paste was read into it."
                : record.Cells.Count > Columns.Length
                    ? $"Expected at most {Columns.Length} columns (email, name, organisation, audiences) but found {record.Cells.Count}; put a cell holding {(separator == ';' ? "semicolons" : "commas")} in double quotes."
                    : null;
            InvitationTerms? terms = null;
            refusal ??= InvitationRules.EmailProblem(email);
            if (refusal is null && !firstLineOf.TryAdd(email, record.LineNumber))
            {
                refusal = $"{email} is also on line {firstLineOf[email]} of this paste.";
            }

            if (refusal is null && existing.Contains(change.Users.NormalizeEmail(email)))
            {
                refusal = InvitationRules.AlreadyHasAccount(email);
            }

            if (refusal is null)
            {
                (terms, refusal) = Terms(record, columns, email, audienceByName, memberships);
            }

            checkedLines.Add((record, email, terms, refusal));
        }

        var lines = new List<ViewerInvitationLine>(checkedLines.Count);
        var issued = new List<(int Index, Invitation Invitation, string Token)>();
        foreach (var (record, email, terms, refusal) in checkedLines)
        {
            if (terms is not null)
            {
                var (invitation, token) = await InvitationRules.IssueAsync(change.Db, terms, actor, now, cancellationToken);
                issued.Add((lines.Count, invitation, token));
            }

            lines.Add(new ViewerInvitationLine(record.LineNumber, record.Text, email, null, refusal));
        }

        if (issued.Count > 0)
        {
            change.Db.Audit(actor, "people.invited.bulk", "Person", "bulk", null,
                new { accepted = issued.Count, refused = lines.Count - issued.Count, emails = issued.Select(i => i.Invitation.Email) }, now);
            await change.Db.SaveChangesAsync(cancellationToken);
            await change.CommitTransactionAsync(cancellationToken);
        }

        foreach (var (index, invitation, token) in issued)
        {
            lines[index] = lines[index] with
            {
                Email = invitation.Email,
                Invitation = new IssuedInvitation(invitation.Id, invitation.Email, token, invitation.ExpiresAt),
            };
        }

        return new InviteViewersResult(lines, header, separator);
    }

    /// <summary>
    /// Builds the line's invitation terms through <see cref="Invitation"/>'s own rules (lengths), after
    /// the rule a viewer adds: at least one audience the portal has.
    /// </summary>
    private static (InvitationTerms? Terms, string? Refusal) Terms(
        CsvRecord record, int[] columns, string email, Dictionary<string, string> audienceByName, string memberships)
    {
        var name = Cell(record, columns, 1);
        var named = Cell(record, columns, 3).Split([';', '|', ','], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var unknown = named.Where(a => !audienceByName.ContainsKey(a)).ToList();
        if (unknown.Count > 0)
        {
            return (null, unknown.Count == 1
                ? $"There is no audience '{unknown[0]}'; choose from {memberships}."
                : $"There are no audiences {string.Join(", ", unknown.Select(a => $"'{a}'"))}; choose from {memberships}.");
        }

        var keys = AudienceMembership.Normalise(named.Select(a => audienceByName[a]));
        if (keys.Count == 0)
        {
            return (null, named.Length == 0
                ? $"No audience: name at least one of {memberships}, separated by ; or |."
                : $"Everybody already sees Public content: name at least one of {memberships}.");
        }

        var terms = new InvitationTerms(email, [], keys, name.Length == 0 ? null : name, Cell(record, columns, 2));
        try
        {
            // The same checks the invitation makes when it is issued, run here so they refuse one line, not the paste.
            _ = Invitation.Create(terms, "check", DateTimeOffset.UnixEpoch);
            return (terms, null);
        }
        catch (DomainException problem)
        {
            return (null, problem.Message);
        }
    }

    /// <summary>
    /// The column order: the header's, when the first line names an email column (and holds no
    /// address), else email, name,
    /// organisation, audiences. Returns the header line's text when there is one.
    /// </summary>
    private static (int[] Columns, string? Header) ColumnsOf(List<CsvRecord> records)
    {
        var fixedOrder = Enumerable.Range(0, Columns.Length).ToArray();
        if (records.Count == 0
            || !records[0].Cells.Contains("email", StringComparer.OrdinalIgnoreCase)
            || records[0].Cells.Any(c => c.Contains('@', StringComparison.Ordinal)))
        {
            return (fixedOrder, null);
        }

        var names = records[0].Cells.Select(c => c.ToLowerInvariant() switch
        {
            "organization" or "company" => "organisation",
            "audience" => "audiences",
            var other => other,
        }).ToList();
        var unknown = names.Where(n => !Columns.Contains(n)).ToList();
        if (unknown.Count > 0)
        {
            throw new DomainException($"The header names a column the invitation does not know ('{unknown[0]}'); use email, name, organisation, audiences, or leave the header out.");
        }

        return ([.. Columns.Select(c => names.IndexOf(c))], records[0].Text);
    }

    private static string Cell(CsvRecord record, int[] columns, int column) =>
        columns[column] is var index && index >= 0 && index < record.Cells.Count ? record.Cells[index].Trim() : "";
}
