using System.Globalization;
using System.Resources;

namespace TeamsEscalationBot.Localization;

/// <summary>User-facing strings in the viewer's language (English or Spanish), from <c>Resources/Strings*.resx</c>.</summary>
internal sealed class Texts
{
    public static readonly CultureInfo English = CultureInfo.GetCultureInfo("en");
    public static readonly CultureInfo Spanish = CultureInfo.GetCultureInfo("es");
    internal static readonly ResourceManager Resources = new("TeamsEscalationBot.Resources.Strings", typeof(Texts).Assembly);

    private Texts(CultureInfo culture) => Culture = culture;

    public CultureInfo Culture { get; }

    /// <summary>Texts for a Teams <c>locale</c> such as <c>es-ES</c> or <c>en-US</c>; anything else gets English.</summary>
    public static Texts For(string? locale) =>
        new(locale is not null && locale.StartsWith("es", StringComparison.OrdinalIgnoreCase) ? Spanish : English);

    public string this[string key] =>
        Resources.GetString(key, Culture) ?? throw new KeyNotFoundException($"The text '{key}' is missing from Resources/Strings.resx.");

    public string Format(string key, params object?[] args) => string.Format(Culture, this[key], args);
}
