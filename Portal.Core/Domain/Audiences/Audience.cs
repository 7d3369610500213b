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
    public const int HeadlineMaxLength = 120;
    public const int ContactsMaxLength = 4_000;
    public const int DomainMaxLength = 253;

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

    /// <summary>
    /// The one question this audience's page answers first, e.g. "Can we register vehicles right
    /// now?", answered from <see cref="HeadlineSystemId"/>'s status.
    /// </summary>
    public string? HeadlineQuestion { get; private set; }

    public int? HeadlineSystemId { get; private set; }

    /// <summary>Whom this audience should contact, as Markdown (sanitised when shown).</summary>
    public string? ContactsMarkdown { get; private set; }

    /// <summary>Whether people may register themselves for this audience (only from <see cref="RegistrationDomains"/>).</summary>
    public bool SelfRegistrationOpen { get; private set; }

    /// <summary>Lower-case email domains whose people may register for this audience, e.g. "partsco.example".</summary>
    public List<string> RegistrationDomains { get; private set; } = [];

    /// <summary>Sets what this audience's page leads with and whom it names as contacts.</summary>
    public void DescribePage(string? headlineQuestion, int? headlineSystemId, string? contactsMarkdown)
    {
        HeadlineQuestion = Guard.OptionalText(headlineQuestion, HeadlineMaxLength, "headline question");
        if ((HeadlineQuestion is null) != (headlineSystemId is null))
        {
            throw new DomainException("A headline question needs the system that answers it, and a system needs its question.");
        }

        HeadlineSystemId = headlineSystemId;
        ContactsMarkdown = Guard.OptionalText(contactsMarkdown, ContactsMaxLength, "contacts");
    }

    /// <summary>
    /// Opens or closes self-registration. Public cannot take registrations (everybody is already in it),
    /// and an open audience needs at least one domain: registration is never open to any address.
    /// </summary>
    public void SetRegistration(bool open, IEnumerable<string> domains)
    {
        var normalised = domains.Select(NormaliseDomain).Distinct().Order(StringComparer.Ordinal).ToList();
        if (open && Key == Public)
        {
            throw new DomainException("Everybody sees Public content; it takes no registrations.");
        }

        if (open && normalised.Count == 0)
        {
            throw new DomainException("List at least one email domain before opening self-registration.");
        }

        SelfRegistrationOpen = open;
        RegistrationDomains = normalised;
    }

    /// <summary>True when self-registration is open and the address's domain is on the allow-list.</summary>
    public bool AcceptsRegistrationFrom(string email)
    {
        var at = email.LastIndexOf('@');
        return SelfRegistrationOpen && at > 0
            && RegistrationDomains.Contains(email[(at + 1)..].Trim().ToLowerInvariant(), StringComparer.Ordinal);
    }

    public static string NormaliseDomain(string domain)
    {
        var normalised = Guard.Text(domain, DomainMaxLength, "domain").TrimStart('@').ToLowerInvariant();
        var labels = normalised.Split('.');
        if (labels.Length < 2 || labels.Any(l => l.Length == 0 || l.StartsWith('-') || l.EndsWith('-')
            || !l.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')))
        {
            throw new DomainException($"'{domain}' is not an email domain like partsco.example.");
        }

        return normalised;
    }

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
