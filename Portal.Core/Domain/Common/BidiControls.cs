namespace Portal.Core.Domain;

/// <summary>
/// Unicode's bidirectional formatting characters: embeddings and overrides (U+202A–U+202E), isolates
/// (U+2066–U+2069) and the invisible direction marks (U+200E, U+200F, U+061C). They are invisible and
/// can make text display in an order other than the one it is stored in, so a name such as
/// "Payments<c>U+202E</c>gnp.exe" reads differently to a viewer than to the portal. The portal keeps none of them.
/// </summary>
public static class BidiControls
{
    private static readonly System.Buffers.SearchValues<char> Controls = System.Buffers.SearchValues.Create(
        "\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069\u200E\u200F\u061C");

    public static bool Contains(string text) => text.AsSpan().ContainsAny(Controls);

    /// <summary><paramref name="text"/> without any bidirectional formatting character.</summary>
    public static string Remove(string text)
    {
        if (!Contains(text))
        {
            return text;
        }

        var kept = new System.Text.StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (!Controls.Contains(c))
            {
                kept.Append(c);
            }
        }

        return kept.ToString();
    }
}
