using System.Globalization;
using TeamsEscalationBot.Localization;

namespace TeamsEscalationBot.Cards;

/// <summary>Formats instants for cards in the configured time zone (<c>Cards:TimeZone</c>), and how long ago something was.</summary>
internal sealed class CardClock(TimeZoneInfo zone)
{
    public TimeZoneInfo Zone { get; } = zone ?? throw new ArgumentNullException(nameof(zone));

    /// <summary>"10:42".</summary>
    public string Time(DateTimeOffset at, CultureInfo culture) => Local(at).ToString("HH:mm", culture);

    /// <summary>"10:42" on the same local day as <paramref name="now"/>, "2 Mar 10:42" in the same year, else with the year.</summary>
    public string When(DateTimeOffset at, DateTimeOffset now, CultureInfo culture)
    {
        var local = Local(at);
        var today = Local(now);
        var format = local.Date == today.Date ? "HH:mm" : local.Year == today.Year ? "d MMM HH:mm" : "d MMM yyyy HH:mm";
        return local.ToString(format, culture);
    }

    /// <summary>
    /// "4 Dec 2026, 14:05": always with the date and year, so it stays true on a card that is read days after it was
    /// built (unlike <see cref="When"/> or <see cref="Ago"/>, which depend on when the card was built).
    /// </summary>
    public string Date(DateTimeOffset at, CultureInfo culture) => Local(at).ToString("d MMM yyyy, HH:mm", culture);

    /// <summary>"3 hours ago" / "hace 3 horas": a pure function of <paramref name="now"/> − <paramref name="at"/>.</summary>
    public static string Ago(DateTimeOffset at, DateTimeOffset now, Texts texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var elapsed = now - at;
        return elapsed switch
        {
            { TotalMinutes: < 1 } => texts["Card_Ago_JustNow"],
            { TotalHours: < 1 } => texts.Plural("Card_Ago_Minutes", (int)elapsed.TotalMinutes),
            { TotalDays: < 1 } => texts.Plural("Card_Ago_Hours", (int)elapsed.TotalHours),
            _ => texts.Plural("Card_Ago_Days", (int)elapsed.TotalDays),
        };
    }

    private DateTimeOffset Local(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Zone);
}
