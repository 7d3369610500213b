namespace Portal.Core.Domain;

/// <summary>An ordered step of the controlled restart, bringing back the systems assigned to it.</summary>
public sealed class RestartPhase : IAudienceRestricted
{
    public const int NameMaxLength = 120;
    public const int DescriptionMaxLength = 2000;

    private RestartPhase()
    {
    }

    public RestartPhase(
        int number,
        string name,
        string description,
        IEnumerable<string> audiences,
        DateTimeOffset? expectedStart)
    {
        if (number < 1)
        {
            throw new DomainException("Phase numbers start at 1.");
        }

        Number = number;
        Name = Guard.Text(name, NameMaxLength, nameof(name));
        Description = Guard.OptionalText(description, DescriptionMaxLength, nameof(description)) ?? "";
        Audiences = AudienceSet.Normalise(audiences);
        ExpectedStart = expectedStart;
        State = RestartPhaseState.Planned;
    }

    public int Id { get; private set; }

    /// <summary>Position in the restart order, from 1.</summary>
    public int Number { get; private set; }

    public string Name { get; private set; } = "";

    public string Description { get; private set; } = "";

    public List<string> Audiences { get; private set; } = [];

    public RestartPhaseState State { get; private set; }

    public DateTimeOffset? ExpectedStart { get; private set; }

    public DateTimeOffset? StartedAt { get; private set; }

    public DateTimeOffset? CompletedAt { get; private set; }

    public int Version { get; private set; }

    public void Update(int number, string name, string description, IEnumerable<string> audiences, DateTimeOffset? expectedStart)
    {
        if (number < 1)
        {
            throw new DomainException("Phase numbers start at 1.");
        }

        Number = number;
        Name = Guard.Text(name, NameMaxLength, nameof(name));
        Description = Guard.OptionalText(description, DescriptionMaxLength, nameof(description)) ?? "";
        Audiences = AudienceSet.Normalise(audiences);
        ExpectedStart = expectedStart;
        Version++;
    }

    public void Start(DateTimeOffset at)
    {
        if (State != RestartPhaseState.Planned)
        {
            throw new DomainException($"Phase {Number} has already started.");
        }

        State = RestartPhaseState.InProgress;
        StartedAt = at;
        Version++;
    }

    public void Complete(DateTimeOffset at)
    {
        if (State != RestartPhaseState.InProgress)
        {
            throw new DomainException($"Phase {Number} must be in progress before it can be completed.");
        }

        State = RestartPhaseState.Complete;
        CompletedAt = at;
        Version++;
    }

    public bool IsVisibleTo(IReadOnlySet<string> viewerAudiences) => AudienceSet.Meets(Audiences, viewerAudiences);
}
