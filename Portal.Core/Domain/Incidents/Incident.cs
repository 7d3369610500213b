namespace Portal.Core.Domain;

/// <summary>The situation being communicated, with its state and the systems it affects.</summary>
public sealed class Incident : IAudienceRestricted
{
    public const int TitleMaxLength = 200;

    private Incident()
    {
    }

    public Incident(
        string title,
        IncidentImpact impact,
        IEnumerable<string> audiences,
        IEnumerable<int> affectedSystemIds,
        DateTimeOffset startedAt)
    {
        CheckImpact(impact);
        Title = Guard.Text(title, TitleMaxLength, nameof(title));
        Impact = impact;
        Audiences = AudienceSet.Normalise(audiences);
        AffectedSystemIds = affectedSystemIds.Distinct().ToList();
        State = IncidentState.Investigating;
        StartedAt = startedAt;
        UpdatedAt = startedAt;
    }

    public int Id { get; private set; }

    public string Title { get; private set; } = "";

    public IncidentState State { get; private set; }

    public IncidentImpact Impact { get; private set; }

    public List<string> Audiences { get; private set; } = [];

    public List<int> AffectedSystemIds { get; private set; } = [];

    public DateTimeOffset StartedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public DateTimeOffset? ResolvedAt { get; private set; }

    public int Version { get; private set; }

    public bool IsActive => State != IncidentState.Resolved;

    public void Update(string title, IncidentImpact impact, IEnumerable<string> audiences, IEnumerable<int> affectedSystemIds, DateTimeOffset at)
    {
        CheckImpact(impact);
        Title = Guard.Text(title, TitleMaxLength, nameof(title));
        Impact = impact;
        Audiences = AudienceSet.Normalise(audiences);
        AffectedSystemIds = affectedSystemIds.Distinct().ToList();
        UpdatedAt = at;
        Version++;
    }

    public void ChangeState(IncidentState state, DateTimeOffset at)
    {
        if (!Enum.IsDefined(state))
        {
            throw new DomainException($"'{state}' is not an incident state.");
        }

        State = state;
        ResolvedAt = state == IncidentState.Resolved ? at : null;
        UpdatedAt = at;
        Version++;
    }

    public bool IsVisibleTo(IReadOnlySet<string> viewerAudiences) => AudienceSet.Meets(Audiences, viewerAudiences);

    private static void CheckImpact(IncidentImpact impact)
    {
        if (!Enum.IsDefined(impact))
        {
            throw new DomainException($"'{impact}' is not an incident impact.");
        }
    }
}
