using System.Collections;
using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using TeamsEscalationBot.Localization;

namespace TeamsEscalationBot.UnitTests.Cards;

/// <summary>Strings.resx (English) and Strings.es.resx (Spanish) hold the same keys, no empty value, and the same placeholders.</summary>
[TestClass]
public sealed partial class StringsResourceTests
{
    private static readonly Dictionary<string, string> English = Read(CultureInfo.InvariantCulture);
    private static readonly Dictionary<string, string> Spanish = Read(Texts.Spanish);

    [TestMethod]
    public void Resources_EnglishAndSpanish_HaveTheSameKeys()
    {
        Assert.IsNotEmpty(English);
        Assert.AreSequenceEqual(English.Keys.Order(StringComparer.Ordinal), Spanish.Keys.Order(StringComparer.Ordinal));
    }

    [TestMethod]
    public void Resources_EveryValue_IsNotEmpty()
    {
        var empty = English.Concat(Spanish).Where(e => string.IsNullOrWhiteSpace(e.Value)).Select(e => e.Key).ToList();

        Assert.IsEmpty(empty, string.Join(", ", empty));
    }

    [TestMethod]
    public void Resources_EveryKey_HasTheSamePlaceholdersInBothLanguages()
    {
        var different = English.Keys
            .Where(key => Spanish.ContainsKey(key) && !Placeholders(English[key]).SetEquals(Placeholders(Spanish[key])))
            .ToList();

        Assert.IsEmpty(different, string.Join(", ", different));
    }

    [TestMethod]
    public void Resources_PluralTexts_HaveBothFormsInBothLanguages()
    {
        // Stems come from the "_One" forms: "_Other" alone is also an enum word (Card_Network_Other).
        var stems = English.Keys.Concat(Spanish.Keys)
            .Where(k => k.EndsWith(Texts.OneSuffix, StringComparison.Ordinal))
            .Select(k => k[..^Texts.OneSuffix.Length])
            .ToHashSet(StringComparer.Ordinal);
        var missing = stems
            .SelectMany(stem => (string[])[stem + Texts.OneSuffix, stem + Texts.OtherSuffix])
            .Where(key => !English.ContainsKey(key) || !Spanish.ContainsKey(key));
        var formless = stems.Where(stem => English.ContainsKey(stem) || Spanish.ContainsKey(stem));

        Assert.IsNotEmpty(stems);
        Assert.IsEmpty(missing.Concat(formless), "missing forms, or a form-less key beside its plural forms");
    }

    private static HashSet<string> Placeholders(string value) =>
        [.. Placeholder().Matches(value).Select(m => m.Groups[1].Value)];

    [GeneratedRegex(@"\{(\d+)(?:[,:][^}]*)?\}")]
    private static partial Regex Placeholder();

    /// <summary>Only the entries of that culture's own file: the neutral resources, or the Spanish satellite without fallback.</summary>
    private static Dictionary<string, string> Read(CultureInfo culture)
    {
        // Not disposed: the ResourceManager caches this set and Texts keeps reading from it.
        var set = Texts.Resources.GetResourceSet(culture, createIfNotExists: true, tryParents: false)
            ?? throw new MissingManifestResourceException($"No resources for '{culture.Name}'.");
        return set.Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => e.Value as string ?? string.Empty, StringComparer.Ordinal);
    }
}
