using TeamsEscalationBot.Domain.Routing;

namespace TeamsEscalationBot.Domain.Crises;

/// <summary>
/// The words of a complaint that can say what it is about: normalized like routing does (case and accents ignored),
/// without web addresses, @handles, e-mail addresses, numbers, short words, English and Spanish stop words and
/// the configured ignored words.
/// </summary>
public static class CrisisKeywords
{
    /// <summary>The distinct keywords of <paramref name="text"/>, sorted.</summary>
    public static IReadOnlyList<string> Extract(string text, int minLength = 3, IEnumerable<string>? ignoredWords = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ignored = new HashSet<string>(
            (ignoredWords ?? []).Where(w => !string.IsNullOrWhiteSpace(w)).SelectMany(TextNormalizer.Tokenize), StringComparer.Ordinal);
        var keywords = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var piece in text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            if (IsAddressOrHandle(piece))
            {
                continue;
            }

            foreach (var word in TextNormalizer.Tokenize(piece))
            {
                if (word.Length >= minLength && word.Any(char.IsLetter) && !StopWords.Contains(word) && !ignored.Contains(word))
                {
                    keywords.Add(word);
                }
            }
        }

        return [.. keywords];
    }

    private static bool IsAddressOrHandle(string piece) =>
        piece.Contains("://", StringComparison.Ordinal)
        || piece.StartsWith("www.", StringComparison.OrdinalIgnoreCase)
        || piece.Contains('@', StringComparison.Ordinal);
}
