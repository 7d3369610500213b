namespace Portal.Core.Domain;

/// <summary>
/// One system of the digital estate (for example "Supplier payments"). Its status only changes
/// through <see cref="ChangeStatus"/>, which records the change in the system's history.
/// </summary>
public sealed class EstateSystem : IAudienceRestricted
{
    public const int SlugMaxLength = 80;
    public const int NameMaxLength = 120;
    public const int DescriptionMaxLength = 2000;
    public const int WorkaroundMaxLength = 4000;
    public const int ReasonMaxLength = 1000;

    private readonly List<SystemStatusChange> _statusChanges = [];

    private EstateSystem()
    {
    }

    public EstateSystem(
        string slug,
        string name,
        string description,
        SystemGroup group,
        int displayOrder,
        IEnumerable<string> audiences,
        DateTimeOffset createdAt)
    {
        Slug = Guard.Slug(slug, SlugMaxLength, nameof(slug));
        Name = Guard.Text(name, NameMaxLength, nameof(name));
        Description = Guard.OptionalText(description, DescriptionMaxLength, nameof(description)) ?? "";
        Group = group;
        DisplayOrder = displayOrder;
        Audiences = AudienceSet.Normalise(audiences);
        Status = SystemStatus.Operational;
        CreatedAt = createdAt;
        StatusChangedAt = createdAt;
    }

    public int Id { get; private set; }

    public string Slug { get; private set; } = "";

    public string Name { get; private set; } = "";

    public string Description { get; private set; } = "";

    public int GroupId { get; private set; }

    public SystemGroup Group { get; private set; } = null!;

    public int DisplayOrder { get; private set; }

    /// <summary>Audience keys that may see this system, its history and its status events.</summary>
    public List<string> Audiences { get; private set; } = [];

    public SystemStatus Status { get; private set; }

    /// <summary>What people should do instead while the system is not available in the usual way.</summary>
    public string? Workaround { get; private set; }

    public DateTimeOffset? ExpectedRestorationAt { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset StatusChangedAt { get; private set; }

    public int? RestartPhaseId { get; private set; }

    /// <summary>Optimistic concurrency token: bumped on every change.</summary>
    public int Version { get; private set; }

    public IReadOnlyList<SystemStatusChange> StatusChanges => _statusChanges;

    /// <summary>
    /// Moves the system to <paramref name="status"/>. A reason is always required, so the history
    /// explains itself. Workaround text is kept only while the system is not fully operational.
    /// </summary>
    public SystemStatusChange ChangeStatus(
        SystemStatus status,
        string reason,
        string? workaround,
        DateTimeOffset? expectedRestorationAt,
        string changedBy,
        DateTimeOffset at)
    {
        if (!Enum.IsDefined(status))
        {
            throw new DomainException($"'{status}' is not a system status.");
        }

        var checkedReason = Guard.Text(reason, ReasonMaxLength, nameof(reason));
        var checkedWorkaround = Guard.OptionalText(workaround, WorkaroundMaxLength, nameof(workaround));
        if (status == SystemStatus.Workaround && checkedWorkaround is null)
        {
            throw new DomainException("A system on a workaround needs the workaround described.");
        }

        if (status == SystemStatus.Operational)
        {
            checkedWorkaround = null;
            expectedRestorationAt = null;
        }

        if (at < StatusChangedAt)
        {
            throw new DomainException("A status change cannot be dated before the current status.");
        }

        var change = new SystemStatusChange(this, Status, status, checkedReason, checkedWorkaround, changedBy, at);
        Status = status;
        Workaround = checkedWorkaround;
        ExpectedRestorationAt = expectedRestorationAt;
        StatusChangedAt = at;
        Version++;
        _statusChanges.Add(change);
        return change;
    }

    /// <summary>Changes what the system is called, where it is listed and who may see it.</summary>
    public void UpdateDetails(string name, string description, SystemGroup group, int displayOrder, IEnumerable<string> audiences)
    {
        Name = Guard.Text(name, NameMaxLength, nameof(name));
        Description = Guard.OptionalText(description, DescriptionMaxLength, nameof(description)) ?? "";
        Group = group;
        GroupId = group.Id;
        DisplayOrder = displayOrder;
        Audiences = AudienceSet.Normalise(audiences);
        Version++;
    }

    public void AssignToPhase(RestartPhase? phase) => AssignToPhase(phase?.Id);

    public void AssignToPhase(int? phaseId)
    {
        RestartPhaseId = phaseId;
        Version++;
    }

    public bool IsVisibleTo(IReadOnlySet<string> viewerAudiences) => AudienceSet.Meets(Audiences, viewerAudiences);
}
