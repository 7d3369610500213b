namespace Portal.Core.Domain;

/// <summary>A heading that groups systems on the board (Finance, Supply chain, ...).</summary>
public sealed class SystemGroup
{
    public const int NameMaxLength = 80;

    private SystemGroup()
    {
    }

    public SystemGroup(string name, int displayOrder)
    {
        Name = Guard.Text(name, NameMaxLength, nameof(name));
        DisplayOrder = displayOrder;
    }

    public int Id { get; private set; }

    public string Name { get; private set; } = "";

    public int DisplayOrder { get; private set; }

    public void Update(string name, int displayOrder)
    {
        Name = Guard.Text(name, NameMaxLength, nameof(name));
        DisplayOrder = displayOrder;
    }
}
