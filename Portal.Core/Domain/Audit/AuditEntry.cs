namespace Portal.Core.Domain;

/// <summary>Who did what, when, from where, with the state before and after (as JSON).</summary>
public sealed class AuditEntry
{
    public const int ActorMaxLength = 256;
    public const int AddressMaxLength = 64;
    public const int ActionMaxLength = 80;
    public const int EntityTypeMaxLength = 80;
    public const int EntityIdMaxLength = 80;

    private AuditEntry()
    {
    }

    public AuditEntry(
        Actor actor,
        string action,
        string entityType,
        string entityId,
        string? before,
        string? after,
        DateTimeOffset at)
    {
        ActorName = Guard.Text(actor.Name, ActorMaxLength, "actor");
        ActorAddress = Guard.OptionalText(actor.Address, AddressMaxLength, "address");
        Action = Guard.Text(action, ActionMaxLength, nameof(action));
        EntityType = Guard.Text(entityType, EntityTypeMaxLength, nameof(entityType));
        EntityId = Guard.Text(entityId, EntityIdMaxLength, nameof(entityId));
        Before = before;
        After = after;
        At = at;
    }

    public long Id { get; private set; }

    public DateTimeOffset At { get; private set; }

    public string ActorName { get; private set; } = "";

    public string? ActorAddress { get; private set; }

    public string Action { get; private set; } = "";

    public string EntityType { get; private set; } = "";

    public string EntityId { get; private set; } = "";

    public string? Before { get; private set; }

    public string? After { get; private set; }
}
