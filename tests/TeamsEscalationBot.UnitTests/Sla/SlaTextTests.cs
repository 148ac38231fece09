using TeamsEscalationBot.Cards;
using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Domain.Sla;
using TeamsEscalationBot.Localization;
using static TeamsEscalationBot.UnitTests.Domain.ComplaintFixture;
using static TeamsEscalationBot.UnitTests.Sla.SlaFixture;

namespace TeamsEscalationBot.UnitTests.Sla;

/// <summary>How a service level reads on a card: countdowns, days, overdue, the other bands, plurals, languages and time zones.</summary>
[TestClass]
public sealed class SlaTextTests
{
    // Monday 2 March 2026, 09:00 UTC (10:00 in Madrid).
    private static readonly DateTimeOffset T0 = Utc(2026, 3, 2, 9);
    private static readonly Texts English = Texts.For("en-US");
    private static readonly Texts Spanish = Texts.For("es-ES");

    private static DateTimeOffset At(double hours) => T0.AddHours(hours);

    [TestMethod]
    [DataRow(20, "en-US", "claim due in 40 minutes")]
    [DataRow(20, "es-ES", "asumirla vence en 40 minutos")]
    [DataRow(59, "en-US", "claim due in 1 minute")]
    [DataRow(59, "es-ES", "asumirla vence en 1 minuto")]
    public void State_ClaimDueWithinTheCountdown_DueInMinutes(int minutesIn, string locale, string expected)
    {
        var now = T0.AddMinutes(minutesIn);
        var status = new ClockedComplaint(AroundTheClock(), T0).PostCard(T0.AddMinutes(1)).StatusAt(now);

        Assert.AreEqual(expected, SlaText.State(status, ComplaintState.Open, now, TimeZoneInfo.Utc, Texts.For(locale), relative: true));
    }

    [TestMethod]
    public void State_AnswerDueInTwoHours_NamesTheAnswerTarget()
    {
        var status = new ClockedComplaint(AroundTheClock(), T0).PostAndClaim(At(0.5)).StatusAt(At(2));

        Assert.AreEqual("answer due in 2 hours", SlaText.State(status, ComplaintState.Claimed, At(2), TimeZoneInfo.Utc, English, relative: true));
        Assert.AreEqual("responder vence en 2 horas", SlaText.State(status, ComplaintState.Claimed, At(2), TimeZoneInfo.Utc, Spanish, relative: true));
    }

    [TestMethod]
    public void State_DueLaterToday_TimeOfDay()
    {
        var status = new ClockedComplaint(AroundTheClock(claimHours: 4, answerHours: 8), T0).StatusAt(T0);

        Assert.AreEqual("claim due today at 13:00", SlaText.State(status, ComplaintState.Received, T0, TimeZoneInfo.Utc, English, relative: true));
    }

    [TestMethod]
    public void State_DueNextOpeningDay_TomorrowInTheBusinessHoursZone()
    {
        // Received Monday 17:30 in Madrid, office hours 09:00-18:00: 30 minutes today, 30 tomorrow.
        var received = Local(Madrid, 2026, 3, 2, 17, 30);
        var now = received.AddMinutes(10);
        var status = new ClockedComplaint(InOfficeHours(), received).StatusAt(now);
        var zone = SlaText.Zone(null, status, TimeZoneInfo.Utc);

        Assert.AreEqual(Madrid, zone);
        Assert.AreEqual("claim due tomorrow at 09:30", SlaText.State(status, ComplaintState.Received, now, zone, English, relative: true));
        Assert.AreEqual("asumirla vence mañana a las 09:30", SlaText.State(status, ComplaintState.Received, now, zone, Spanish, relative: true));
    }

    [TestMethod]
    public void State_ViewerInAnotherZone_TheirLocalTime()
    {
        var received = Local(Madrid, 2026, 3, 2, 17, 30);
        var now = received.AddMinutes(10);
        var status = new ClockedComplaint(InOfficeHours(), received).StatusAt(now);
        var zone = SlaText.Zone("America/New_York", status, TimeZoneInfo.Utc);

        Assert.AreEqual(NewYork, zone);
        Assert.AreEqual("claim due tomorrow at 03:30", SlaText.State(status, ComplaintState.Received, now, zone, English, relative: true));
    }

    [TestMethod]
    public void Zone_UnknownViewerZoneAndCalendarHours_Fallback()
    {
        var status = new ClockedComplaint(AroundTheClock(), T0).StatusAt(T0);
        var tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");

        Assert.AreEqual(tokyo, SlaText.Zone("Not/AZone", status, tokyo));
        Assert.AreEqual(tokyo, SlaText.Zone(null, null, tokyo));
    }

    [TestMethod]
    public void State_DueInSomeDays_WeekdayAndDate()
    {
        var status = new ClockedComplaint(AroundTheClock(claimHours: 48, answerHours: 96), T0).StatusAt(T0);

        Assert.AreEqual("claim due Wed 4 Mar, 09:00", SlaText.State(status, ComplaintState.Received, T0, TimeZoneInfo.Utc, English, relative: true));
        Assert.AreEqual("claim due 4 Mar 2026, 09:00", SlaText.State(status, ComplaintState.Received, T0, TimeZoneInfo.Utc, English, relative: false));
    }

    [TestMethod]
    [DataRow("en-US", "claim overdue by 2 hours 10 minutes")]
    [DataRow("es-ES", "asumirla venció hace 2 horas y 10 minutos")]
    public void State_ClaimPastDue_OverdueBy(string locale, string expected)
    {
        var now = At(3).AddMinutes(10);
        var status = new ClockedComplaint(AroundTheClock(), T0).PostCard(At(0.1)).StatusAt(now);

        Assert.AreEqual(SlaBand.Overdue, status.Band);
        Assert.AreEqual(expected, SlaText.State(status, ComplaintState.Open, now, Madrid, Texts.For(locale), relative: true));
    }

    [TestMethod]
    public void State_OverdueOnACardThatStaysAsSent_SinceTheDueTime()
    {
        var now = At(3).AddMinutes(10);
        var status = new ClockedComplaint(AroundTheClock(), T0).PostCard(At(0.1)).StatusAt(now);

        Assert.AreEqual("claim overdue since 2 Mar 2026, 11:00", SlaText.State(status, ComplaintState.Open, now, Madrid, English, relative: false));
    }

    [TestMethod]
    public void State_OtherBands_PlainWords()
    {
        var paused = new ClockedComplaint(AroundTheClock(), T0).PostAndClaim(At(0.5)).Resolve(At(1));
        var met = new ClockedComplaint(AroundTheClock(), T0).PostAndClaim(At(0.5)).Resolve(At(1)).Do(c => c.Accept(Cm, At(1.5)));
        var late = new ClockedComplaint(AroundTheClock(), T0).PostAndClaim(At(2)).Resolve(At(2.5)).Do(c => c.Accept(Cm, At(3)));
        var none = new ClockedComplaint(SlaPolicySet.None, T0);

        Assert.AreEqual("paused — waiting for the community manager", Say(paused, At(2), English));
        Assert.AreEqual("en pausa — esperando al community manager", Say(paused, At(2), Spanish));
        Assert.AreEqual("answered on time", Say(met, At(2), English));
        Assert.AreEqual("answered late", Say(late, At(4), English));
        Assert.AreEqual("no service level", Say(none, At(2), English));
        Assert.AreEqual("sin nivel de servicio", Say(none, At(2), Spanish));
    }

    [TestMethod]
    [DataRow(0.5, "en-US", "1 minute")]
    [DataRow(1, "en-US", "1 minute")]
    [DataRow(2, "en-US", "2 minutes")]
    [DataRow(60, "en-US", "1 hour")]
    [DataRow(61, "en-US", "1 hour 1 minute")]
    [DataRow(61, "es-ES", "1 hora y 1 minuto")]
    [DataRow(130, "es-ES", "2 horas y 10 minutos")]
    [DataRow(1500, "en-US", "1 day 1 hour")]
    [DataRow(4320, "en-US", "3 days")]
    [DataRow(4320, "es-ES", "3 días")]
    [DataRow(1441, "es-ES", "1 día")]
    public void Duration_TwoLargestUnits_PluralsPerLanguage(double minutes, string locale, string expected) =>
        Assert.AreEqual(expected, SlaText.Duration(TimeSpan.FromMinutes(minutes), Texts.For(locale)));

    [TestMethod]
    [DataRow(SlaBand.OnTrack, "Good")]
    [DataRow(SlaBand.Met, "Good")]
    [DataRow(SlaBand.DueSoon, "Warning")]
    [DataRow(SlaBand.Overdue, "Attention")]
    [DataRow(SlaBand.Paused, null)]
    [DataRow(SlaBand.NoClock, null)]
    public void Color_ByBand(SlaBand band, string? expected) => Assert.AreEqual(expected, SlaText.Color(band));

    [TestMethod]
    public void Deadlines_Unclaimed_ClaimAndAnswerInTheViewersZone()
    {
        var received = Local(Madrid, 2026, 3, 2, 17, 30);
        var now = received.AddMinutes(10);
        var status = new ClockedComplaint(InOfficeHours(), received).StatusAt(now);

        Assert.AreEqual(
            "Claim by Tue 3 Mar, 09:30 · Answer by Tue 3 Mar, 12:30 · Europe/Madrid",
            SlaText.Deadlines(status, now, Madrid, English, relative: true));
    }

    [TestMethod]
    public void Deadlines_ClaimedOrPaused_OnlyWhatStillCounts()
    {
        var claimed = new ClockedComplaint(AroundTheClock(), T0).PostAndClaim(At(0.5)).StatusAt(At(0.5));
        var paused = new ClockedComplaint(AroundTheClock(), T0).PostAndClaim(At(0.5)).Resolve(At(1)).StatusAt(At(1));

        Assert.AreEqual("Answer by 13:00 · UTC", SlaText.Deadlines(claimed, At(0.5), TimeZoneInfo.Utc, English, relative: true));
        Assert.AreEqual("Answer by 2 Mar 2026, 13:00 · UTC", SlaText.Deadlines(claimed, At(0.5), TimeZoneInfo.Utc, English, relative: false));
        Assert.IsNull(SlaText.Deadlines(paused, At(1), TimeZoneInfo.Utc, English, relative: true));
    }

    private static string Say(ClockedComplaint clocked, DateTimeOffset now, Texts texts) =>
        SlaText.State(clocked.StatusAt(now), clocked.Complaint.State, now, TimeZoneInfo.Utc, texts, relative: true);
}
