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
    public static string Excerpt(string text, int maxChars)
    {
        ArgumentNullException.ThrowIfNull(text);
        var line = new StringBuilder(Math.Min(text.Length, maxChars + 1));
        var space = false;
        foreach (var c in text.AsSpan().Trim())
        {
            if (line.Length > maxChars)
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

        return Truncate(line.ToString(), maxChars);
    }
}
