using System.Text;

namespace TeamsEscalationBot.Cards;

/// <summary>Shortening of user text for cards; never splits a surrogate pair.</summary>
internal static class CardText
{
    public const string Ellipsis = "…";

    /// <summary>The text, cut to at most <paramref name="maxChars"/> characters plus "…" when it is longer.</summary>
    public static string Truncate(string text, int maxChars)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length <= maxChars)
        {
            return text;
        }

        var cut = Math.Max(0, maxChars);
        if (cut > 0 && char.IsHighSurrogate(text[cut - 1]))
        {
            cut--;
        }

        return string.Concat(text.AsSpan(0, cut).TrimEnd(), Ellipsis);
    }

    /// <summary>One line: whitespace runs (new lines included) become one space, then <see cref="Truncate"/>.</summary>
    public static string Excerpt(string text, int maxChars) => Truncate(OneLine(text, maxChars + 1), maxChars);

    /// <summary>
    /// The first words of a text as a one-line headline: at most <paramref name="maxChars"/> characters plus "…" when
    /// shortened, cut after the last whole word when one ends in the second half (a single long word is cut anywhere).
    /// </summary>
    public static string Gist(string text, int maxChars)
    {
        var line = OneLine(text, maxChars + 1);
        if (line.Length <= maxChars)
        {
            return line;
        }

        var space = line.LastIndexOf(' ', maxChars);
        return space >= maxChars / 2 ? string.Concat(line.AsSpan(0, space).TrimEnd(), Ellipsis) : Truncate(line, maxChars);
    }

    /// <summary>The text trimmed, with whitespace runs as one space, read only until it has <paramref name="minChars"/> characters.</summary>
    private static string OneLine(string text, int minChars)
    {
        ArgumentNullException.ThrowIfNull(text);
        var line = new StringBuilder(Math.Min(text.Length, minChars + 1));
        var space = false;
        foreach (var c in text.AsSpan().Trim())
        {
            if (line.Length >= minChars)
            {
                break;
            }

            if (char.IsWhiteSpace(c))
            {
                space = true;
                continue;
            }

            if (space)
            {
                line.Append(' ');
                space = false;
            }

            line.Append(c);
        }

        return line.ToString();
    }
}
