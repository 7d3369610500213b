namespace Portal.Core.Domain;

internal static class Guard
{
    /// <summary>The trimmed text without bidirectional controls (see <see cref="BidiControls"/>); required and at most <paramref name="maxLength"/> long.</summary>
    public static string Text(string? value, int maxLength, string name)
    {
        var trimmed = value is null ? "" : BidiControls.Remove(value).Trim();
        if (trimmed.Length == 0)
        {
            throw new DomainException($"{Describe(name)} is required.");
        }

        return trimmed.Length <= maxLength
            ? trimmed
            : throw new DomainException($"{Describe(name)} must be at most {maxLength} characters.");
    }

    public static string? OptionalText(string? value, int maxLength, string name)
    {
        var trimmed = value is null ? null : BidiControls.Remove(value).Trim();
        return string.IsNullOrEmpty(trimmed) ? null : Text(trimmed, maxLength, name);
    }

    public static string Slug(string value, int maxLength, string name)
    {
        var slug = Text(value, maxLength, name);
        if (!slug.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
        {
            throw new DomainException($"{Describe(name)} may hold only lower-case letters, digits and hyphens.");
        }

        return slug;
    }

    private static string Describe(string name) =>
        name.Length == 0 ? "Value" : char.ToUpperInvariant(name[0]) + name[1..];
}
