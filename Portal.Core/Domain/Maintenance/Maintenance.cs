namespace Portal.Core.Domain;

/// <summary>What happened to a maintenance window, as its <c>maintenanceUpdated</c> event says.</summary>
public enum MaintenanceChange
{
    /// <summary>Announced (it may already be running).</summary>
    Scheduled,

    /// <summary>Its title, description, times, audiences or systems changed.</summary>
    Changed,

    /// <summary>Called off.</summary>
    Cancelled,

    /// <summary>Its start time came.</summary>
    Started,

    /// <summary>Its end time came.</summary>
    Finished,
}

/// <summary>A planned window (a plant restart, a system cut-over) with a start and an end.</summary>
public sealed class Maintenance : IAudienceRestricted
{
    public const int TitleMaxLength = 200;
    public const int DescriptionMaxLength = 4000;

    private Maintenance()
    {
    }

    public Maintenance(
        string title,
        string description,
        DateTimeOffset startsAt,
        DateTimeOffset endsAt,
        IEnumerable<string> audiences,
        IEnumerable<int> affectedSystemIds,
        DateTimeOffset createdAt)
    {
        Set(title, description, startsAt, endsAt, audiences, affectedSystemIds);
        CreatedAt = createdAt;

        // A window announced after it began is told as running by its announcement.
        StartAnnouncedAt = startsAt <= createdAt ? createdAt : null;
    }

    public int Id { get; private set; }

    public string Title { get; private set; } = "";

    public string Description { get; private set; } = "";

    public DateTimeOffset StartsAt { get; private set; }

    public DateTimeOffset EndsAt { get; private set; }

    public List<string> Audiences { get; private set; } = [];

    public List<int> AffectedSystemIds { get; private set; } = [];

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? CancelledAt { get; private set; }

    public int Version { get; private set; }

    /// <summary>When the portal told that the window started (an event with <see cref="MaintenanceChange.Started"/>); null: not yet.</summary>
    public DateTimeOffset? StartAnnouncedAt { get; private set; }

    /// <summary>When the portal told that the window finished (<see cref="MaintenanceChange.Finished"/>); null: not yet.</summary>
    public DateTimeOffset? EndAnnouncedAt { get; private set; }

    /// <summary>
    /// What the passing of time has changed about the window and nobody was told yet: it finished (which
    /// covers a start never told, e.g. while the portal was stopped), it started, or nothing.
    /// </summary>
    public MaintenanceChange? DueAnnouncement(DateTimeOffset now) =>
        CancelledAt is not null ? null
        : EndsAt <= now ? EndAnnouncedAt is null ? MaintenanceChange.Finished : null
        : StartsAt <= now && StartAnnouncedAt is null ? MaintenanceChange.Started
        : null;

    public bool IsUpcoming(DateTimeOffset now) => CancelledAt is null && StartsAt > now;

    public bool IsActive(DateTimeOffset now) => CancelledAt is null && StartsAt <= now && now < EndsAt;

    public void Update(
        string title,
        string description,
        DateTimeOffset startsAt,
        DateTimeOffset endsAt,
        IEnumerable<string> audiences,
        IEnumerable<int> affectedSystemIds)
    {
        if (CancelledAt is not null)
        {
            throw new DomainException("This maintenance window is cancelled and stays as it was; schedule a new one instead.");
        }

        Set(title, description, startsAt, endsAt, audiences, affectedSystemIds);
        Version++;

        // Moved later: its start (or end) is yet to come and will be told again when it comes.
        if (StartAnnouncedAt is { } started && startsAt > started)
        {
            StartAnnouncedAt = null;
        }

        if (EndAnnouncedAt is { } ended && endsAt > ended)
        {
            EndAnnouncedAt = null;
        }
    }

    /// <summary>Calls the window off; it stays in the record, marked cancelled.</summary>
    public void Cancel(DateTimeOffset at)
    {
        if (CancelledAt is not null)
        {
            throw new DomainException("This maintenance window is already cancelled.");
        }

        if (EndsAt <= at)
        {
            throw new DomainException("This maintenance window has already ended; it stays in the record as it happened.");
        }

        CancelledAt = at;
        Version++;
    }

    public bool IsVisibleTo(IReadOnlySet<string> viewerAudiences) => AudienceSet.Meets(Audiences, viewerAudiences);

    /// <summary>The rules a window's details obey, whether it is new or changed.</summary>
    private void Set(
        string title,
        string description,
        DateTimeOffset startsAt,
        DateTimeOffset endsAt,
        IEnumerable<string> audiences,
        IEnumerable<int> affectedSystemIds)
    {
        if (endsAt <= startsAt)
        {
            throw new DomainException("A maintenance window must end after it starts.");
        }

        Title = Guard.Text(title, TitleMaxLength, nameof(title));
        Description = Guard.OptionalText(description, DescriptionMaxLength, nameof(description)) ?? "";
        StartsAt = startsAt;
        EndsAt = endsAt;
        Audiences = AudienceSet.Normalise(audiences);
        AffectedSystemIds = affectedSystemIds.Distinct().ToList();
    }
}
