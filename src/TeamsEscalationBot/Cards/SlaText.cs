using System.Globalization;
using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Domain.Sla;
using TeamsEscalationBot.Localization;

namespace TeamsEscalationBot.Cards;

/// <summary>
/// A complaint's service level in words (docs/sla.md, "In Teams and the API"): "Claim due in 25 minutes", "Answer due
/// tomorrow at 09:30", "Claim overdue by 2 hours 10 minutes", "Paused — waiting for the community manager", "No service
/// level", with the colour of its band and the deadlines in the viewer's time zone.
/// <para>
/// Two ways of saying it: <em>relative</em> ("due in…", "overdue by…", "today", "tomorrow") for a card rebuilt whenever it
/// is seen or a list answered just now, and <em>fixed</em> ("due 2 Mar 2026, 10:45", "overdue since…") for a card that
/// stays as sent, which a person may read hours later.
/// </para>
/// </summary>
internal static class SlaText
{
    /// <summary>Closer than this, a deadline reads as a countdown ("due in 2 hours 10 minutes"); further, as a time of day.</summary>
    public static readonly TimeSpan CountdownWithin = TimeSpan.FromHours(3);

    /// <summary>
    /// The zone to show times in: the viewer's (Teams sends its IANA id as <c>localTimezone</c>), else the business-hours
    /// zone of the complaint's clock, else <paramref name="fallback"/> (<c>Cards:TimeZone</c>).
    /// </summary>
    public static TimeZoneInfo Zone(string? viewerZone, SlaStatus? status, TimeZoneInfo fallback) =>
        CardOptions.FindTimeZone(viewerZone) ?? CardOptions.FindTimeZone(status?.Terms?.BusinessHours?.TimeZone) ?? fallback;

    /// <summary>The state line: what is due and when, or why nothing counts.</summary>
    public static string State(SlaStatus status, ComplaintState complaintState, DateTimeOffset now, TimeZoneInfo zone, Texts texts, bool relative)
    {
        ArgumentNullException.ThrowIfNull(status);
        ArgumentNullException.ThrowIfNull(texts);
        return status.Band switch
        {
            SlaBand.NoClock => texts["Sla_NoClock"],
            SlaBand.Paused => texts["Sla_Paused"],
            SlaBand.Met => texts["Sla_Met"],
            SlaBand.Overdue when complaintState == ComplaintState.Closed || status.DueAt is null => texts["Sla_Late"],
            SlaBand.Overdue => Overdue(status.DueTarget, status.DueAt!.Value, now, zone, texts, relative),
            _ when status.DueAt is { } due => Due(status.DueTarget, due, now, zone, texts, relative),
            _ => texts["Sla_NoClock"],
        };
    }

    /// <summary>"Claim by 10:45 · Answer by 3 Mar 17:00 · Europe/Madrid": the deadlines still counting; null when none is.</summary>
    public static string? Deadlines(SlaStatus status, DateTimeOffset now, TimeZoneInfo zone, Texts texts, bool relative)
    {
        ArgumentNullException.ThrowIfNull(status);
        ArgumentNullException.ThrowIfNull(texts);
        if (status.DueTarget is not { } target)
        {
            return null;
        }

        var parts = new List<string>();
        if (target == SlaTarget.Claim && status.ClaimDueAt is { } claim)
        {
            parts.Add(texts.Format("Sla_ClaimBy", When(claim, now, zone, texts.Culture, relative)));
        }

        if (status.AnswerDueAt is { } answer)
        {
            parts.Add(texts.Format("Sla_AnswerBy", When(answer, now, zone, texts.Culture, relative)));
        }

        return parts.Count == 0 ? null : string.Join(" · ", [.. parts, zone.Id]);
    }

    /// <summary>The Adaptive Card colour of a band: Good while on track or met, Warning when due soon, Attention when overdue.</summary>
    public static string? Color(SlaBand band) => band switch
    {
        SlaBand.OnTrack or SlaBand.Met => "Good",
        SlaBand.DueSoon => "Warning",
        SlaBand.Overdue => "Attention",
        _ => null,
    };

    /// <summary>"25 minutes", "2 hours 10 minutes", "3 days 4 hours" (the two largest units, whole minutes, at least one).</summary>
    public static string Duration(TimeSpan span, Texts texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var minutes = Math.Max(1, (long)span.TotalMinutes);
        var (days, hours, rest) = (minutes / (24 * 60), minutes / 60 % 24, minutes % 60);
        var (first, second) = days > 0 ? (texts.Plural("Sla_Days", days), hours > 0 ? texts.Plural("Sla_Hours", hours) : null)
            : hours > 0 ? (texts.Plural("Sla_Hours", hours), rest > 0 ? texts.Plural("Sla_Minutes", rest) : null)
            : (texts.Plural("Sla_Minutes", rest), null);
        return second is null ? first : texts.Format("Sla_Duration_Pair", first, second);
    }

    /// <summary>The state line and the deadlines as card elements, coloured by band.</summary>
    public static IEnumerable<CardElement> Block(
        SlaStatus status, ComplaintState complaintState, DateTimeOffset now, TimeZoneInfo zone, Texts texts, bool relative)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var state = State(status, complaintState, now, zone, texts, relative);
        var deadlines = status.Band is SlaBand.OnTrack or SlaBand.DueSoon or SlaBand.Overdue && complaintState != ComplaintState.Closed
            ? Deadlines(status, now, zone, texts, relative)
            : null;
        return
        [
            new Container(
            [
                new TextBlock(texts.Format("Sla_Line", state)) { Weight = "Bolder", Color = Color(status.Band), IsSubtle = Color(status.Band) is null ? true : null },
                .. deadlines is null ? Array.Empty<CardElement>() : [new TextBlock(deadlines) { IsSubtle = true, Size = "Small", Spacing = "None" }],
            ])
            {
                Spacing = "Small",
            },
        ];
    }

    private static string Due(SlaTarget? target, DateTimeOffset due, DateTimeOffset now, TimeZoneInfo zone, Texts texts, bool relative)
    {
        var prefix = target == SlaTarget.Answer ? "Sla_Answer" : "Sla_Claim";
        if (!relative)
        {
            return texts.Format(prefix + "_DueOn", Fixed(due, zone, texts.Culture));
        }

        var left = due - now;
        if (left < CountdownWithin)
        {
            // Rounded up: "due in 0 minutes" would already be overdue.
            return texts.Format(prefix + "_DueIn", Duration(TimeSpan.FromMinutes(Math.Ceiling(left.TotalMinutes)), texts));
        }

        var days = LocalDate(due, zone).DayNumber - LocalDate(now, zone).DayNumber;
        var time = Local(due, zone).ToString("HH:mm", texts.Culture);
        return days switch
        {
            0 => texts.Format(prefix + "_DueToday", time),
            1 => texts.Format(prefix + "_DueTomorrow", time),
            _ => texts.Format(prefix + "_DueOn", Local(due, zone).ToString("ddd d MMM, HH:mm", texts.Culture)),
        };
    }

    private static string Overdue(SlaTarget? target, DateTimeOffset due, DateTimeOffset now, TimeZoneInfo zone, Texts texts, bool relative)
    {
        var prefix = target == SlaTarget.Answer ? "Sla_Answer" : "Sla_Claim";
        return relative
            ? texts.Format(prefix + "_OverdueBy", Duration(now - due, texts))
            : texts.Format(prefix + "_OverdueSince", Fixed(due, zone, texts.Culture));
    }

    /// <summary>A deadline: its time on the viewer's day, with the weekday and date on another day; always dated when fixed.</summary>
    private static string When(DateTimeOffset at, DateTimeOffset now, TimeZoneInfo zone, CultureInfo culture, bool relative) =>
        !relative ? Fixed(at, zone, culture)
        : LocalDate(at, zone) == LocalDate(now, zone) ? Local(at, zone).ToString("HH:mm", culture)
        : Local(at, zone).ToString("ddd d MMM, HH:mm", culture);

    private static string Fixed(DateTimeOffset at, TimeZoneInfo zone, CultureInfo culture) => Local(at, zone).ToString("d MMM yyyy, HH:mm", culture);

    private static DateTimeOffset Local(DateTimeOffset at, TimeZoneInfo zone) => TimeZoneInfo.ConvertTime(at, zone);

    private static DateOnly LocalDate(DateTimeOffset at, TimeZoneInfo zone) => DateOnly.FromDateTime(Local(at, zone).DateTime);
}
