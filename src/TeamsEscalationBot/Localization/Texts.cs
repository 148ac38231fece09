using System.Collections.Concurrent;
using System.Globalization;
using System.Resources;

namespace TeamsEscalationBot.Localization;

/// <summary>User-facing strings in the viewer's language (English or Spanish), from <c>Resources/Strings*.resx</c>.</summary>
internal sealed class Texts
{
    public static readonly CultureInfo English = CultureInfo.GetCultureInfo("en");
    public static readonly CultureInfo Spanish = CultureInfo.GetCultureInfo("es");
    internal static readonly ResourceManager Resources = new("TeamsEscalationBot.Resources.Strings", typeof(Texts).Assembly);

    /// <summary>The key suffixes of a count's plural forms (see <see cref="Plural"/>).</summary>
    public const string OneSuffix = "_One";

    /// <inheritdoc cref="OneSuffix"/>
    public const string OtherSuffix = "_Other";

    private static readonly Texts InEnglish = new(English);
    private static readonly Texts InSpanish = new(Spanish);

    /// <summary>The strings looked up so far in this language: a card reads the same few dozen keys on every request.</summary>
    private readonly ConcurrentDictionary<string, string> _found = new(StringComparer.Ordinal);

    private Texts(CultureInfo culture) => Culture = culture;

    public CultureInfo Culture { get; }

    /// <summary>Texts for a Teams <c>locale</c> such as <c>es-ES</c> or <c>en-US</c>; anything else gets English.</summary>
    public static Texts For(string? locale) =>
        locale is not null && locale.StartsWith("es", StringComparison.OrdinalIgnoreCase) ? InSpanish : InEnglish;

    public string this[string key] =>
        _found.TryGetValue(key, out var text) ? text : _found.GetOrAdd(key, static (k, culture) =>
            Resources.GetString(k, culture) ?? throw new KeyNotFoundException($"The text '{k}' is missing from Resources/Strings.resx."), Culture);

    public string Format(string key, params object?[] args) => string.Format(Culture, this[key], args);

    /// <summary>
    /// A text with a count: the key's <c>_One</c> form when the count is "one" in the viewer's language, its <c>_Other</c>
    /// form otherwise ("1 earlier event" / "2 earlier events"). The count is <c>{0}</c>; <paramref name="more"/> are <c>{1}</c>, <c>{2}</c>…
    /// </summary>
    public string Plural(string key, long count, params object?[] more)
    {
        ArgumentNullException.ThrowIfNull(more);
        return string.Format(Culture, this[key + (IsOne(count) ? OneSuffix : OtherSuffix)], [count, .. more]);
    }

    /// <summary>English and Spanish share the CLDR rule for whole numbers: "one" is exactly 1; 0 and 2 or more are "other".</summary>
    private static bool IsOne(long count) => count == 1;
}
