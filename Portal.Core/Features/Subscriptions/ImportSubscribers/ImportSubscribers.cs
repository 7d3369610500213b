using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Domain;
using Portal.Core.Events;
using Portal.Core.Persistence;

namespace Portal.Core.Features.Subscriptions;

/// <param name="CsvText">
/// One contact per line: <c>email,name,audiences</c>; the name may be empty, audiences are separated by
/// <c>;</c> or <c>|</c> and named by key or display name (<c>suppliers</c> or <c>Suppliers</c>); none
/// means Public only. A header line naming these columns (in any order) is optional; cells holding the
/// separator go in double quotes. Lines separated by <c>;</c> (how Excel saves CSV in many European
/// languages) are recognised from the first line; their audiences are then separated by <c>|</c>.
/// </param>
public sealed record ImportSubscribersRequest(string CsvText);

/// <summary>What became of one line of the import.</summary>
/// <param name="LineNumber">The line the record starts on, counting from 1, blank lines and header included.</param>
/// <param name="Text">The line as given, to give again once corrected.</param>
/// <param name="Refusal">Why the line was refused, or null when the contact was imported.</param>
public sealed record SubscriberImportLine(int LineNumber, string Text, string Address, string? Refusal)
{
    public bool Imported => Refusal is null;
}

/// <param name="Header">The header line as given, or null when there was none.</param>
/// <param name="Separator">The separator the cells were read with.</param>
public sealed record ImportSubscribersResult(IReadOnlyList<SubscriberImportLine> Lines, string? Header, char Separator)
{
    public int ImportedCount => Lines.Count(l => l.Imported);

    public IReadOnlyList<SubscriberImportLine> Refused => [.. Lines.Where(l => !l.Imported)];

    /// <summary>The refused lines (after the header, when there was one), ready to correct and import again.</summary>
    public string RefusedText => string.Join('\n', (Header is null ? [] : new[] { Header }).Concat(Refused.Select(l => l.Text)));
}

/// <summary>
/// An Admin imports an organisation's contacts as email subscribers with their audiences. They are
/// active at once, without an opt-in mail (the organisation vouches for them), receive every statement
/// and status change their audiences may see, and every mail still carries the manage link and one-click
/// unsubscribe. Each line is checked on its own: the good ones are imported together, in one transaction,
/// with one audit entry <c>subscriptions.imported</c> naming the count; a bad line is reported with its
/// reason and creates nothing. An address that already subscribes is left as it is (refused), so an
/// import never changes what someone chose for themselves. The name is kept (mails greet the contact
/// by it, and the console shows it).
/// </summary>
public sealed class ImportSubscribers(IDbContextFactory<PortalDbContext> dbFactory, PortalEventStream stream, TimeProvider clock)
{
    public const int MaxLines = 10_000;
    public const int MaxCharacters = 1_000_000;
    public const int NameMaxLength = EmailSubscription.NameMaxLength;

    private static readonly string[] Columns = ["email", "name", "audiences"];

    public async Task<ImportSubscribersResult> HandleAsync(ImportSubscribersRequest request, Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Require(PortalRoles.Admin);
        if (request.CsvText.Length > MaxCharacters)
        {
            throw new DomainException(string.Create(CultureInfo.InvariantCulture,
                $"An import may hold at most {MaxCharacters:N0} characters and this one has {request.CsvText.Length:N0}. Import the contacts in parts."));
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
            throw new DomainException("There is nobody to import. Give one contact per line as email,name,audiences.");
        }

        if (records.Count > MaxLines)
        {
            throw new DomainException(string.Create(CultureInfo.InvariantCulture,
                $"An import may hold at most {MaxLines:N0} contacts and this one has {records.Count:N0} lines. Import them in parts."));
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var audiences = await db.Audiences.AsNoTracking().Select(a => new { a.Key, a.Name }).ToListAsync(cancellationToken);
        var audienceByName = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var audience in audiences)
        {
            audienceByName.TryAdd(audience.Key, audience.Key);
            audienceByName.TryAdd(audience.Name, audience.Key);
        }

        var known = string.Join(", ", audiences.Select(a => a.Name));
        var addresses = records.Select(r => Cell(r, columns, 0).ToLowerInvariant()).Distinct(StringComparer.Ordinal).ToList();
        var subscribed = (await db.EmailSubscriptions.AsNoTracking()
                .Where(s => addresses.Contains(s.Address.ToLower()))
                .Select(s => s.Address.ToLower())
                .ToListAsync(cancellationToken))
            .ToHashSet(StringComparer.Ordinal);

        var now = clock.GetUtcNow();
        var firstLineOf = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var lines = new List<SubscriberImportLine>(records.Count);
        var imported = new List<EmailSubscription>();
        foreach (var record in records)
        {
            var address = Cell(record, columns, 0);
            string[] keys = [];
            var refusal = record.LineNumber == unclosedQuoteLine
                ? "A double quote opens a cell here and is never closed, so the rest of the import was read into it."
                : record.Cells.Count > Columns.Length
                    ? $"Expected at most {Columns.Length} columns (email, name, audiences) but found {record.Cells.Count}; separate audiences with {(separator == ';' ? "|" : "; or |")}, or put a cell holding {(separator == ';' ? "semicolons" : "commas")} in double quotes."
                    : !SubscribeByEmailHandler.IsValidAddress(address)
                        ? address.Length == 0 ? "No email address." : $"'{address}' is not an email address such as name@example.com."
                        : Cell(record, columns, 1).Length > NameMaxLength
                            ? string.Create(CultureInfo.InvariantCulture, $"The name may be at most {NameMaxLength} characters.")
                            : null;
            if (refusal is null && !firstLineOf.TryAdd(address, record.LineNumber))
            {
                refusal = $"{address} is also on line {firstLineOf[address]} of this import.";
            }

            if (refusal is null && subscribed.Contains(address.ToLowerInvariant()))
            {
                refusal = $"{address} already receives updates by email; its subscription is left as it is.";
            }

            if (refusal is null)
            {
                (keys, refusal) = AudiencesOf(Cell(record, columns, 2), audienceByName, known);
            }

            if (refusal is null)
            {
                imported.Add(EmailSubscription.CreateImported(address, keys, now, Cell(record, columns, 1)));
            }

            lines.Add(new SubscriberImportLine(record.LineNumber, record.Text, address, refusal));
        }

        if (imported.Count > 0)
        {
            db.EmailSubscriptions.AddRange(imported);
            db.Audit(actor, "subscriptions.imported", nameof(EmailSubscription), "import", null,
                new { imported = imported.Count, refused = lines.Count - imported.Count, addresses = imported.Select(s => s.Address) }, now);
            await db.CommitAsync(stream, cancellationToken);
        }

        return new ImportSubscribersResult(lines, header, separator);
    }

    private static (string[] Keys, string? Refusal) AudiencesOf(string cell, Dictionary<string, string> audienceByName, string known)
    {
        var named = cell.Split([';', '|'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var unknown = named.Where(a => !audienceByName.ContainsKey(a)).ToList();
        return unknown.Count switch
        {
            0 => ([.. named.Select(a => audienceByName[a]).Distinct(StringComparer.Ordinal)], null),
            1 => ([], $"There is no audience '{unknown[0]}'; choose from {known}."),
            _ => ([], $"There are no audiences {string.Join(", ", unknown.Select(a => $"'{a}'"))}; choose from {known}."),
        };
    }

    /// <summary>
    /// The column order: the header's, when the first line names an email column (and holds no address),
    /// else email, name, audiences. Returns the header line's text when there is one.
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
            "audience" => "audiences",
            "e-mail" or "address" => "email",
            var other => other,
        }).ToList();
        var unknown = names.Where(n => !Columns.Contains(n)).ToList();
        if (unknown.Count > 0)
        {
            throw new DomainException($"The header names a column the import does not know ('{unknown[0]}'); use email, name, audiences, or leave the header out.");
        }

        return ([.. Columns.Select(c => names.IndexOf(c))], records[0].Text);
    }

    private static string Cell(CsvRecord record, int[] columns, int column) =>
        columns[column] is var index && index >= 0 && index < record.Cells.Count ? record.Cells[index].Trim() : "";
}
