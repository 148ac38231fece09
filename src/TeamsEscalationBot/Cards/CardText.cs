using System.Globalization;
using System.Text;

namespace TeamsEscalationBot.Cards;

/// <summary>
/// Text from outside (intake, chat, the directory, card inputs) made safe to show, and shortened for cards without
/// splitting a surrogate pair.
/// </summary>
internal static class CardText
{
    public const string Ellipsis = "…";

    /// <summary>Put between the characters of <c>{{</c> and <c>${</c>: it keeps them readable but no longer a function or template.</summary>
    public const char Breaker = '\u200A';

    /// <summary>
    /// The one rule for every string that came from outside, before it is shown anywhere: control characters (but line
    /// breaks and tabs), bidi controls and zero-width or invisible formatting characters are removed (they hide or
    /// reorder what a person reads), and a hair space goes between <c>{{</c> and after <c>$</c> before <c>{</c>, so
    /// neither Adaptive Card date and time functions (<c>{{DATE(…)}}</c>) nor template expressions (<c>${…}</c>) can
    /// form. Zero-width joiners and non-joiners stay: emoji and several scripts need them and they hide nothing alone.
    /// Cards then show the result only as a <see cref="TextRun"/> (never markdown), messages escape it
    /// (<see cref="BotMessages"/>).
    /// </summary>
    public static string Inert(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        StringBuilder? inert = null;
        var last = '\0';
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var hidden = IsHidden(c);
            // Decided on what is kept, so "{\u200B{" cannot become "{{" once the zero-width space is gone.
            var opensFunction = !hidden && c == '{' && (last is '{' or '$');
            if (hidden || opensFunction)
            {
                inert ??= new StringBuilder(text.Length + 8).Append(text, 0, i);
            }

            if (hidden)
            {
                continue;
            }

            if (opensFunction)
            {
                inert!.Append(Breaker);
            }

            inert?.Append(c);
            last = c;
        }

        return inert?.ToString() ?? text;
    }

    /// <summary>Characters that hide or reorder text: controls other than line breaks and tabs, and invisible formatting (bidi, zero-width).</summary>
    public static bool IsHidden(char c) => char.GetUnicodeCategory(c) switch
    {
        UnicodeCategory.Control => c is not ('\n' or '\r' or '\t'),
        UnicodeCategory.Format => c is not ('\u200C' or '\u200D'),
        _ => false,
    };

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
