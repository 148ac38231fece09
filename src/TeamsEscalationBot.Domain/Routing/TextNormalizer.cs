using System.Globalization;
using System.Text;

namespace TeamsEscalationBot.Domain.Routing;

/// <summary>
/// Case- and accent-insensitive text comparison shared by routing and anyone else who matches words:
/// "Facturación", "FACTURACION" and "facturacion" all become "facturacion".
/// </summary>
public static class TextNormalizer
{
    /// <summary>Decomposes (FormD), drops non-spacing marks (accents), lowercases invariantly and recomposes.</summary>
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var kept = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                kept.Append(c);
            }
        }

        return kept.ToString().ToLowerInvariant().Normalize(NormalizationForm.FormC);
    }

    /// <summary>
    /// The normalized words of a text: runs of letters, digits and spacing marks; everything else separates.
    /// "¡No me llegó la FACTURA!" gives ["no", "me", "llego", "la", "factura"].
    /// </summary>
    public static IReadOnlyList<string> Tokenize(string text)
    {
        var normalized = Normalize(text);
        var tokens = new List<string>();
        var start = -1;
        for (var i = 0; i < normalized.Length; i++)
        {
            var isWordChar = IsWordChar(normalized, i);
            if (isWordChar && start < 0)
            {
                start = i;
            }
            else if (!isWordChar && start >= 0)
            {
                tokens.Add(normalized[start..i]);
                start = -1;
            }
        }

        if (start >= 0)
        {
            tokens.Add(normalized[start..]);
        }

        return tokens;
    }

    /// <summary>The words of a text joined by single spaces: the form categories are compared in.</summary>
    public static string ToKey(string text) => string.Join(' ', Tokenize(text));

    private static bool IsWordChar(string text, int index)
    {
        // A low surrogate belongs to the same character as the high surrogate before it.
        if (char.IsLowSurrogate(text[index]) && index > 0 && char.IsHighSurrogate(text[index - 1]))
        {
            return IsWordChar(text, index - 1);
        }

        return CharUnicodeInfo.GetUnicodeCategory(text, index) switch
        {
            UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
                or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber
                or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark => true,
            _ => false,
        };
    }
}
