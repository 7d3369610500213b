namespace Portal.Core.Domain;

/// <summary>A starting text for a recurring statement (a daily restart update, a payment-run notice).</summary>
public sealed class StatementTemplate
{
    public const int NameMaxLength = 120;

    private StatementTemplate()
    {
    }

    public StatementTemplate(string name, string title, string bodyMarkdown, IEnumerable<string> audiences)
    {
        Update(name, title, bodyMarkdown, audiences);
    }

    public int Id { get; private set; }

    public string Name { get; private set; } = "";

    public string Title { get; private set; } = "";

    public string BodyMarkdown { get; private set; } = "";

    public List<string> Audiences { get; private set; } = [];

    public void Update(string name, string title, string bodyMarkdown, IEnumerable<string> audiences)
    {
        Name = Guard.Text(name, NameMaxLength, nameof(name));
        Title = Guard.Text(title, Statement.TitleMaxLength, nameof(title));
        BodyMarkdown = Guard.Text(bodyMarkdown, Statement.BodyMaxLength, "body");
        Audiences = AudienceSet.Normalise(audiences);
    }
}
