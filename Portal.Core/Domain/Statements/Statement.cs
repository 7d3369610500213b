namespace Portal.Core.Domain;

/// <summary>
/// An official update, written in Markdown and aimed at audiences. It is drafted, approved by a
/// second person and then published; afterwards it can be amended (a new revision, the old ones
/// kept) or withdrawn with a reason. It is never deleted.
/// </summary>
/// <remarks>
/// An amendment is new text and needs two people like a first publication: it waits beside the
/// published revision (<see cref="AmendmentTitle"/>, <see cref="AmendmentBodyMarkdown"/>) until someone
/// other than its author approves it and a publisher publishes it; only then does it become a
/// revision. Viewers never read a pending amendment.
/// </remarks>
public sealed class Statement : IAudienceRestricted
{
    public const int TitleMaxLength = StatementRevision.TitleMaxLength;
    public const int BodyMaxLength = StatementRevision.BodyMaxLength;
    public const int PersonMaxLength = 256;
    public const int ReasonMaxLength = 1000;
    public const int RoleMaxLength = 40;

    private readonly List<StatementRevision> _revisions = [];

    private Statement()
    {
    }

    public Statement(
        string title,
        string bodyMarkdown,
        IEnumerable<string> audiences,
        int? incidentId,
        IEnumerable<int> linkedSystemIds,
        string author,
        DateTimeOffset at)
    {
        Author = Guard.Text(author, PersonMaxLength, nameof(author));
        Audiences = AudienceSet.Normalise(audiences);
        IncidentId = incidentId;
        LinkedSystemIds = linkedSystemIds.Distinct().ToList();
        State = StatementState.Draft;
        CreatedAt = at;
        UpdatedAt = at;
        _revisions.Add(new StatementRevision(1, title, bodyMarkdown, Author, at));
    }

    public int Id { get; private set; }

    public int? IncidentId { get; private set; }

    public List<string> Audiences { get; private set; } = [];

    /// <summary>Systems the statement is about; it is listed on their detail pages.</summary>
    public List<int> LinkedSystemIds { get; private set; } = [];

    public StatementState State { get; private set; }

    public string Author { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public string? ApprovedBy { get; private set; }

    public DateTimeOffset? ApprovedAt { get; private set; }

    public string? PublishedBy { get; private set; }

    public DateTimeOffset? PublishedAt { get; private set; }

    /// <summary>Set when an administrator published without a second person's approval.</summary>
    public string? BreakGlassReason { get; private set; }

    /// <summary>When an approved statement is to be published by the portal itself.</summary>
    public DateTimeOffset? ScheduledFor { get; private set; }

    public string? ScheduledBy { get; private set; }

    public string? WithdrawnBy { get; private set; }

    public DateTimeOffset? WithdrawnAt { get; private set; }

    public string? WithdrawalReason { get; private set; }

    /// <summary>The role in which the statement was withdrawn (shown to viewers instead of the person).</summary>
    public string? WithdrawnByRole { get; private set; }

    /// <summary>Null unless an amendment waits for approval or publication.</summary>
    public AmendmentState? AmendmentState { get; private set; }

    public string? AmendmentTitle { get; private set; }

    public string? AmendmentBodyMarkdown { get; private set; }

    /// <summary>Who wrote the pending amendment; they cannot approve it.</summary>
    public string? AmendmentBy { get; private set; }

    public DateTimeOffset? AmendmentSubmittedAt { get; private set; }

    public string? AmendmentApprovedBy { get; private set; }

    public DateTimeOffset? AmendmentApprovedAt { get; private set; }

    public int Version { get; private set; }

    /// <summary>Revisions, oldest first. The last one is what viewers read.</summary>
    public IReadOnlyList<StatementRevision> Revisions => _revisions;

    public StatementRevision Current => _revisions.MaxBy(r => r.Number)!;

    public string Title => Current.Title;

    public string BodyMarkdown => Current.BodyMarkdown;

    /// <summary>Published statements and withdrawn ones (shown as withdrawn) are what viewers may read.</summary>
    public bool IsPublic => State is StatementState.Published or StatementState.Withdrawn;

    public bool IsVisibleTo(IReadOnlySet<string> viewerAudiences) =>
        IsPublic && AudienceSet.Meets(Audiences, viewerAudiences);

    /// <summary>
    /// Changes the words and the aim before publication. The statement goes back to Draft: any
    /// approval or schedule given to the old version lapses.
    /// </summary>
    public void EditDraft(
        string title,
        string bodyMarkdown,
        IEnumerable<string> audiences,
        int? incidentId,
        IEnumerable<int> linkedSystemIds,
        string by,
        DateTimeOffset at)
    {
        RequireState("edited as a draft", StatementState.Draft, StatementState.Submitted, StatementState.Approved);
        var revision = new StatementRevision(1, title, bodyMarkdown, by, at);
        Audiences = AudienceSet.Normalise(audiences);
        IncidentId = incidentId;
        LinkedSystemIds = linkedSystemIds.Distinct().ToList();
        _revisions.Clear();
        _revisions.Add(revision);
        State = StatementState.Draft;
        ApprovedBy = null;
        ApprovedAt = null;
        ScheduledFor = null;
        ScheduledBy = null;
        Touch(at);
    }

    public void Submit(DateTimeOffset at)
    {
        RequireState("submitted", StatementState.Draft);
        State = StatementState.Submitted;
        Touch(at);
    }

    /// <summary>
    /// Approves a submitted statement. Neither its author nor whoever last changed its words can
    /// approve it: the second pair of eyes must be a second person.
    /// </summary>
    public void Approve(string approver, DateTimeOffset at)
    {
        RequireState("approved", StatementState.Submitted);
        var checkedApprover = Guard.Text(approver, PersonMaxLength, nameof(approver));
        if (string.Equals(checkedApprover, Author, StringComparison.OrdinalIgnoreCase)
            || string.Equals(checkedApprover, Current.CreatedBy, StringComparison.OrdinalIgnoreCase))
        {
            throw new DomainException("A statement must be approved by someone other than its author.");
        }

        State = StatementState.Approved;
        ApprovedBy = checkedApprover;
        ApprovedAt = at;
        Touch(at);
    }

    public void Publish(string publisher, DateTimeOffset at)
    {
        RequireState("published", StatementState.Approved);
        MarkPublished(publisher, at);
    }

    /// <summary>Asks the portal to publish an approved statement at <paramref name="publishAt"/>.</summary>
    public void Schedule(DateTimeOffset publishAt, string by, DateTimeOffset now)
    {
        RequireState("scheduled", StatementState.Approved);
        if (publishAt <= now)
        {
            throw new DomainException("Choose a publication time in the future, or publish now.");
        }

        ScheduledFor = publishAt;
        ScheduledBy = Guard.Text(by, PersonMaxLength, nameof(by));
        Touch(now);
    }

    /// <summary>Publishes a scheduled statement once its time has come (called by the portal's scheduler).</summary>
    public void PublishAsScheduled(DateTimeOffset now)
    {
        RequireState("published", StatementState.Approved);
        if (ScheduledFor is not { } due || due > now)
        {
            throw new DomainException("This statement is not due for publication.");
        }

        MarkPublished(ScheduledBy ?? Author, now);
    }

    /// <summary>
    /// Publishes without a second person's approval. Only for administrators (the use case checks
    /// the role); the reason stays on the statement for everyone to see in its history.
    /// </summary>
    public void PublishBreakingGlass(string administrator, string reason, DateTimeOffset at)
    {
        RequireState("published", StatementState.Draft, StatementState.Submitted, StatementState.Approved);
        BreakGlassReason = Guard.Text(reason, ReasonMaxLength, nameof(reason));
        MarkPublished(administrator, at);
    }

    /// <summary>
    /// Proposes new words for a published statement. Viewers keep reading the published revision
    /// until the amendment is approved by a second person and published. Submitting again replaces
    /// the pending text, and any approval it had lapses.
    /// </summary>
    public void SubmitAmendment(string title, string bodyMarkdown, string by, DateTimeOffset at)
    {
        RequireState("amended", StatementState.Published);
        var checkedText = new StatementRevision(Current.Number + 1, title, bodyMarkdown, by, at);
        AmendmentTitle = checkedText.Title;
        AmendmentBodyMarkdown = checkedText.BodyMarkdown;
        AmendmentBy = checkedText.CreatedBy;
        AmendmentSubmittedAt = at;
        AmendmentState = Domain.AmendmentState.Submitted;
        AmendmentApprovedBy = null;
        AmendmentApprovedAt = null;
        Touch(at);
    }

    /// <summary>Approves the pending amendment; its author never can.</summary>
    public void ApproveAmendment(string approver, DateTimeOffset at)
    {
        RequireAmendment("approved", Domain.AmendmentState.Submitted);
        var checkedApprover = Guard.Text(approver, PersonMaxLength, nameof(approver));
        if (string.Equals(checkedApprover, AmendmentBy, StringComparison.OrdinalIgnoreCase))
        {
            throw new DomainException("An amendment must be approved by someone other than its author.");
        }

        AmendmentState = Domain.AmendmentState.Approved;
        AmendmentApprovedBy = checkedApprover;
        AmendmentApprovedAt = at;
        Touch(at);
    }

    /// <summary>Makes the approved amendment the revision viewers read; earlier revisions stay readable.</summary>
    public StatementRevision PublishAmendment(string publisher, DateTimeOffset at)
    {
        RequireAmendment("published", Domain.AmendmentState.Approved);
        Guard.Text(publisher, PersonMaxLength, nameof(publisher));
        return MakeAmendmentLive(at);
    }

    /// <summary>
    /// Publishes the pending amendment without a second person's approval. Only for administrators
    /// (the use case checks the role); the reason stays on the statement, as for a first publication.
    /// </summary>
    public StatementRevision PublishAmendmentBreakingGlass(string administrator, string reason, DateTimeOffset at)
    {
        RequireAmendment("published", Domain.AmendmentState.Submitted, Domain.AmendmentState.Approved);
        Guard.Text(administrator, PersonMaxLength, nameof(administrator));
        BreakGlassReason = Guard.Text(reason, ReasonMaxLength, nameof(reason));
        return MakeAmendmentLive(at);
    }

    /// <summary>
    /// Withdraws a published statement: one person may, since it removes words and adds none. A
    /// pending amendment lapses with it. Viewers see that it was withdrawn, when, and in which role.
    /// </summary>
    public void Withdraw(string reason, string by, string role, DateTimeOffset at)
    {
        RequireState("withdrawn", StatementState.Published);
        WithdrawalReason = Guard.Text(reason, ReasonMaxLength, nameof(reason));
        WithdrawnBy = Guard.Text(by, PersonMaxLength, nameof(by));
        WithdrawnByRole = Guard.Text(role, RoleMaxLength, nameof(role));
        WithdrawnAt = at;
        State = StatementState.Withdrawn;
        ClearAmendment();
        Touch(at);
    }

    private StatementRevision MakeAmendmentLive(DateTimeOffset at)
    {
        var revision = new StatementRevision(Current.Number + 1, AmendmentTitle!, AmendmentBodyMarkdown!, AmendmentBy!, at);
        _revisions.Add(revision);
        ClearAmendment();
        Touch(at);
        return revision;
    }

    private void ClearAmendment()
    {
        AmendmentState = null;
        AmendmentTitle = null;
        AmendmentBodyMarkdown = null;
        AmendmentBy = null;
        AmendmentSubmittedAt = null;
        AmendmentApprovedBy = null;
        AmendmentApprovedAt = null;
    }

    private void RequireAmendment(string action, params AmendmentState[] allowed)
    {
        RequireState("amended", StatementState.Published);
        if (AmendmentState is not { } state || !allowed.Contains(state))
        {
            throw new DomainException(AmendmentState is null
                ? "This statement has no amendment waiting."
                : $"A {AmendmentState.ToString()!.ToLowerInvariant()} amendment cannot be {action}.");
        }
    }

    private void MarkPublished(string publisher, DateTimeOffset at)
    {
        PublishedBy = Guard.Text(publisher, PersonMaxLength, nameof(publisher));
        PublishedAt = at;
        ScheduledFor = null;
        State = StatementState.Published;
        foreach (var revision in _revisions)
        {
            revision.StampCreatedAt(at);
        }

        Touch(at);
    }

    private void RequireState(string action, params StatementState[] allowed)
    {
        if (!allowed.Contains(State))
        {
            throw new DomainException($"A {State.ToString().ToLowerInvariant()} statement cannot be {action}.");
        }
    }

    private void Touch(DateTimeOffset at)
    {
        UpdatedAt = at;
        Version++;
    }
}
