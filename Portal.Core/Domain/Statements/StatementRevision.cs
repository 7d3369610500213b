namespace Portal.Core.Domain;

/// <summary>One version of a statement's words. Revision 1 is the text as first published.</summary>
public sealed class StatementRevision
{
    public const int TitleMaxLength = 200;
    public const int BodyMaxLength = 20_000;

    private StatementRevision()
    {
    }

    internal StatementRevision(int number, string title, string bodyMarkdown, string by, DateTimeOffset at)
    {
        Number = number;
        Title = Guard.Text(title, TitleMaxLength, nameof(title));
        BodyMarkdown = Guard.Text(bodyMarkdown, BodyMaxLength, "body");
        CreatedBy = Guard.Text(by, Statement.PersonMaxLength, nameof(by));
        CreatedAt = at;
    }

    public long Id { get; private set; }

    public int StatementId { get; private set; }

    public int Number { get; private set; }

    public string Title { get; private set; } = "";

    public string BodyMarkdown { get; private set; } = "";

    public string CreatedBy { get; private set; } = "";

    /// <summary>When this text became what viewers read (publication time for revision 1).</summary>
    public DateTimeOffset CreatedAt { get; private set; }

    internal void StampCreatedAt(DateTimeOffset at)
    {
        if (Number == 1)
        {
            CreatedAt = at;
        }
    }
}
