using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Domain.Sla;
using static TeamsEscalationBot.UnitTests.Domain.ComplaintFixture;

namespace TeamsEscalationBot.UnitTests.Sla;

/// <summary>Real time zones, calendars, policies and a complaint whose clocks are kept the way the host keeps them.</summary>
internal static class SlaFixture
{
    public static TimeZoneInfo Madrid { get; } = TimeZoneInfo.FindSystemTimeZoneById("Europe/Madrid");

    public static TimeZoneInfo NewYork { get; } = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    public static TimeZoneInfo? FindZone(string id) => TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : null;

    /// <summary>The instant of an unambiguous local time in <paramref name="zone"/>.</summary>
    public static DateTimeOffset Local(TimeZoneInfo zone, int year, int month, int day, int hour, int minute = 0)
    {
        var local = new DateTime(year, month, day, hour, minute, 0, DateTimeKind.Unspecified);
        Assert.IsFalse(zone.IsAmbiguousTime(local) || zone.IsInvalidTime(local), $"{local} is not a plain local time in {zone.Id}.");
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }

    public static DateTimeOffset Utc(int year, int month, int day, int hour, int minute = 0) =>
        new(year, month, day, hour, minute, 0, TimeSpan.Zero);

    public static BusinessCalendar Calendar(TimeZoneInfo zone, params string[] weekly) =>
        new(zone, weekly.SelectMany(WeeklyOpening.Parse));

    public static BusinessCalendar Calendar(TimeZoneInfo zone, IEnumerable<DateOnly> holidays, params string[] weekly) =>
        new(zone, weekly.SelectMany(WeeklyOpening.Parse), holidays);

    public static BusinessHours OfficeHours(string timeZone = "Europe/Madrid", params DateOnly[] holidays) => new()
    {
        TimeZone = timeZone,
        Weekly = ["Mon-Fri 09:00-18:00"],
        Holidays = holidays,
    };

    public static SlaTargets Targets(double claimHours, double answerHours) =>
        new(TimeSpan.FromHours(claimHours), TimeSpan.FromHours(answerHours));

    /// <summary>Only a default policy, in calendar hours.</summary>
    public static SlaPolicySet AroundTheClock(double claimHours = 1, double answerHours = 4, double? dueSoonShare = null) => new()
    {
        Default = new SlaPolicy
        {
            Targets = Targets(claimHours, answerHours),
            DueSoonShare = dueSoonShare,
        },
    };

    /// <summary>Only a default policy, in Madrid office hours.</summary>
    public static SlaPolicySet InOfficeHours(double claimHours = 1, double answerHours = 4) => new()
    {
        Default = new SlaPolicy { Targets = Targets(claimHours, answerHours), BusinessHours = OfficeHours() },
    };
}

/// <summary>
/// A complaint and its stored clocks, changed the way the host does it: every successful operation is followed by
/// <see cref="SlaClocks.StartNew"/> with the policies in force at that moment.
/// </summary>
internal sealed class ClockedComplaint
{
    public ClockedComplaint(SlaPolicySet policies, DateTimeOffset receivedAt, Priority priority = Priority.High, string department = Billing)
    {
        Policies = policies;
        Complaint = Complaint.Receive("c-sla", Submission() with { Priority = priority }, RoutedTo(department), Api, receivedAt);
        Clocks = SlaClocks.StartNew(Complaint, [], Policies);
    }

    public Complaint Complaint { get; }

    public IReadOnlyList<SlaClock> Clocks { get; private set; }

    /// <summary>The policies in force now; changing them affects only clocks that start afterwards.</summary>
    public SlaPolicySet Policies { get; set; }

    public ClockedComplaint Do(Func<Complaint, TransitionResult> operation)
    {
        MustSucceed(operation(Complaint));
        Clocks = SlaClocks.StartNew(Complaint, Clocks, Policies);
        return this;
    }

    public ClockedComplaint PostCard(DateTimeOffset at) => Do(c => c.RecordCardPosted(Card(c.DepartmentId), at));

    public ClockedComplaint Claim(DateTimeOffset at) => Do(c => c.Claim(Ana, at));

    public ClockedComplaint Resolve(DateTimeOffset at) => Do(c => c.Resolve(Ana, "We are refunding you today.", at));

    public ClockedComplaint Reassign(string department, DateTimeOffset at) => Do(c => c.Reassign(Ana, department, "Not ours.", at));

    /// <summary>Card posted a minute after <paramref name="at"/>'s start and claimed at <paramref name="at"/>.</summary>
    public ClockedComplaint PostAndClaim(DateTimeOffset at) => PostCard(at).Claim(at);

    public SlaStatus StatusAt(DateTimeOffset now) => SlaClocks.Evaluate(Complaint, Clocks, now, SlaFixture.FindZone);
}
