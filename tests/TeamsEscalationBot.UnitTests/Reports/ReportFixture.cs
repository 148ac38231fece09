using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Domain.Reports;
using TeamsEscalationBot.Domain.Routing;
using static TeamsEscalationBot.UnitTests.Domain.ComplaintFixture;

namespace TeamsEscalationBot.UnitTests.Reports;

/// <summary>Complaints with fixed histories, built through the real Complaint operations, and report inputs around them.</summary>
internal static class ReportFixture
{
    public const string Support = "support";

    /// <summary>The reported day: 10 March 2026, UTC.</summary>
    public static readonly ReportPeriod Day = new(At(10, 0), At(11, 0));

    public static readonly TimeZoneInfo Madrid = TimeZoneInfo.FindSystemTimeZoneById("Europe/Madrid");

    public static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    public static readonly IReadOnlyList<Department> Departments =
    [
        Department(Billing, "Billing"),
        Department(Logistics, "Logistics"),
        Department(Support, "Support"),
    ];

    /// <summary>An instant in March 2026, UTC.</summary>
    public static DateTimeOffset At(int day, int hour, int minute = 0) => new(2026, 3, day, hour, minute, 0, TimeSpan.Zero);

    public static Department Department(string id, string name) =>
        new() { Id = id, Name = name, TeamId = "team-" + id, ChannelId = "channel-" + id, EntraGroupId = "group-" + id };

    public static ReportRequest Request(ReportPeriod? period = null, string? departmentId = null) => new()
    {
        Period = period ?? Day,
        DepartmentId = departmentId,
        TimeZone = TimeZoneInfo.Utc,
    };

    public static ReportSummary Summarize(IEnumerable<ComplaintFacts> facts, ReportRequest? request = null, IEnumerable<Department>? departments = null) =>
        ReportCalculator.Summarize(request ?? Request(), facts, departments ?? Departments);

    /// <summary>Received in <paramref name="departmentId"/> at <paramref name="at"/>, its card not posted yet.</summary>
    public static Complaint Receive(string id, string departmentId, DateTimeOffset at, Priority priority = Priority.Normal, string text = "My invoice is wrong") =>
        Complaint.Receive(id, Submission(text: text) with { ExternalId = id, Priority = priority }, RoutedTo(departmentId), Api, at);

    public static Complaint Posted(this Complaint complaint, DateTimeOffset at)
    {
        MustSucceed(complaint.RecordCardPosted(
            new ChannelCard(complaint.DepartmentId, $"19:{complaint.DepartmentId}@thread", $"act-{complaint.Id}-{complaint.Version}", at), at));
        return complaint;
    }

    public static Complaint Claimed(this Complaint complaint, DateTimeOffset at)
    {
        MustSucceed(complaint.Claim(Ana, at));
        return complaint;
    }

    public static Complaint Answered(this Complaint complaint, DateTimeOffset at)
    {
        MustSucceed(complaint.Resolve(Ana, "We are on it.", at));
        return complaint;
    }

    public static Complaint Closed(this Complaint complaint, DateTimeOffset at)
    {
        MustSucceed(complaint.Accept(Cm, at));
        return complaint;
    }

    public static Complaint MovedTo(this Complaint complaint, string departmentId, DateTimeOffset at)
    {
        MustSucceed(complaint.Reassign(Ana, departmentId, "Not ours.", at));
        return complaint;
    }

    /// <summary>Received, posted a minute later and left open.</summary>
    public static ComplaintFacts OpenFacts(string id, string departmentId, DateTimeOffset receivedAt, Priority priority = Priority.Normal) =>
        ComplaintFacts.From(Receive(id, departmentId, receivedAt, priority).Posted(receivedAt.AddMinutes(1)));

    public static DepartmentReport Row(this ReportSummary summary, string departmentId) =>
        summary.Departments.Single(d => d.DepartmentId == departmentId);
}
