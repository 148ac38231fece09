using TeamsEscalationBot.Cards;
using TeamsEscalationBot.Localization;

namespace TeamsEscalationBot.UnitTests.Cards;

[TestClass]
public sealed class CardClockTests
{
    private static readonly DateTimeOffset Received = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    [TestMethod]
    [DataRow(0, "en", "just now")]
    [DataRow(59, "en", "just now")]
    [DataRow(-120, "en", "just now")]
    [DataRow(60, "en", "1 minute ago")]
    [DataRow(120, "en", "2 minutes ago")]
    [DataRow(3599, "en", "59 minutes ago")]
    [DataRow(3600, "en", "1 hour ago")]
    [DataRow(3 * 3600 + 59 * 60, "en", "3 hours ago")]
    [DataRow(86400, "en", "1 day ago")]
    [DataRow(2 * 86400 + 3600, "en", "2 days ago")]
    [DataRow(0, "es", "hace un momento")]
    [DataRow(60, "es", "hace 1 minuto")]
    [DataRow(25 * 60, "es", "hace 25 minutos")]
    [DataRow(3600, "es", "hace 1 hora")]
    [DataRow(3 * 3600, "es", "hace 3 horas")]
    [DataRow(86400, "es", "hace 1 día")]
    [DataRow(2 * 86400, "es", "hace 2 días")]
    public void Ago_Elapsed_LocalizedTextWithTheRightPlural(int seconds, string locale, string expected) =>
        Assert.AreEqual(expected, CardClock.Ago(Received, Received.AddSeconds(seconds), Texts.For(locale)));

    [TestMethod]
    [DataRow("2026-03-02T09:42:00Z", "en", "2 Mar 2026, 10:42")]
    [DataRow("2025-12-31T23:30:00Z", "en", "1 Jan 2026, 00:30")]
    [DataRow("2026-12-04T13:05:00Z", "es", "4 dic 2026, 14:05")]
    public void Date_ConfiguredTimeZone_AlwaysDateYearAndTime(string at, string locale, string expected)
    {
        var clock = new CardClock(CardOptions.FindTimeZone("Europe/Madrid")!);

        var text = clock.Date(DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture), Texts.For(locale).Culture);

        Assert.AreEqual(expected, text.Replace(".", string.Empty, StringComparison.Ordinal), "Spanish abbreviations may end with a dot");
    }

    [TestMethod]
    [DataRow("2026-03-02T09:42:00Z", "10:42")]
    [DataRow("2026-03-01T22:30:00Z", "1 Mar 23:30")]
    [DataRow("2025-12-31T23:30:00Z", "1 Jan 00:30")]
    [DataRow("2025-07-01T08:00:00Z", "1 Jul 2025 10:00")]
    public void When_ConfiguredTimeZone_LocalTimeWithDateWhenNotToday(string at, string expected)
    {
        var clock = new CardClock(CardOptions.FindTimeZone("Europe/Madrid")!);
        var now = new DateTimeOffset(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);

        Assert.AreEqual(expected, clock.When(DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture), now, Texts.English));
    }

    [TestMethod]
    public void When_Spanish_SpanishMonth()
    {
        var clock = new CardClock(TimeZoneInfo.Utc);

        var text = clock.When(new DateTimeOffset(2026, 1, 15, 8, 5, 0, TimeSpan.Zero), Received, Texts.Spanish);

        Assert.AreEqual("15 ene 08:05", text.Replace(".", string.Empty, StringComparison.Ordinal));
    }
}
