namespace Portal.Core.Domain;

/// <summary>
/// Who may see something. Every system, statement, phase, maintenance window and metric carries the
/// keys of the audiences that may see it; a viewer sees an item when the two sets meet.
/// <see cref="Public"/> is built in: everybody, signed in or not, is in it.
/// </summary>
public sealed class Audience
{
    public const string Public = "public";
    public const int KeyMaxLength = 40;
    public const int NameMaxLength = 80;

    private Audience()
    {
    }

    public Audience(string key, string name)
    {
        Key = NormaliseKey(key);
        Name = Guard.Text(name, NameMaxLength, nameof(name));
    }

    public int Id { get; private set; }

    /// <summary>Stable lower-case identifier used in audience lists, groups and URLs.</summary>
    public string Key { get; private set; } = "";

    public string Name { get; private set; } = "";

    public static string NormaliseKey(string key)
    {
        var normalised = Guard.Text(key, KeyMaxLength, nameof(key)).ToLowerInvariant();
        if (!normalised.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
        {
            throw new DomainException($"Audience key '{key}' may hold only letters, digits and hyphens.");
        }

        return normalised;
    }

    public void Rename(string name) => Name = Guard.Text(name, NameMaxLength, nameof(name));
}
