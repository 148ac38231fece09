using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Domain.Crises;
using TeamsEscalationBot.Domain.Routing;
using static TeamsEscalationBot.UnitTests.Domain.ComplaintFixture;

namespace TeamsEscalationBot.UnitTests.Crises;

internal static class CrisisFixture
{
    public const string Support = "support";

    public static readonly DateTimeOffset T0 = new(2026, 3, 10, 9, 0, 0, TimeSpan.Zero);

    public static readonly IReadOnlyList<Department> Departments =
    [
        Department(Billing, "Billing"),
        Department(Logistics, "Logistics"),
        Department(Support, "Customer support"),
    ];

    public static Department Department(string id, string name) =>
        new() { Id = id, Name = name, TeamId = "team-" + id, ChannelId = "channel-" + id, EntraGroupId = "group-" + id };

    public static CrisisDetector Detector(CrisisOptions? options = null, CrisisDetectorSnapshot? snapshot = null) =>
        new(options ?? new CrisisOptions(), Departments, snapshot);

    public static DateTimeOffset Minute(double minutes) => T0.AddMinutes(minutes);

    /// <summary>A complaint whose words it shares with no other complaint.</summary>
    public static IncomingComplaint Unrelated(string departmentId, int n, DateTimeOffset at, Network network = Network.X, string? category = null) =>
        new($"{departmentId}-{n}", at, departmentId, category, $"zq{departmentId}{n} xv{departmentId}{n}", network);

    public static IncomingComplaint Saying(string id, string departmentId, DateTimeOffset at, string text, Network network = Network.X) =>
        new(id, at, departmentId, null, text, network);

    /// <summary><paramref name="count"/> unrelated complaints to one department, <paramref name="minutesApart"/> apart from <paramref name="start"/>.</summary>
    public static IEnumerable<IncomingComplaint> Burst(string departmentId, int count, double minutesApart, DateTimeOffset start, int firstNumber = 1) =>
        Enumerable.Range(0, count).Select(i => Unrelated(departmentId, firstNumber + i, start.AddMinutes(i * minutesApart)));

    public static List<CrisisOutcome> FeedAll(this CrisisDetector detector, IEnumerable<IncomingComplaint> complaints) =>
        [.. complaints.Select(detector.Feed)];

    public static IReadOnlyList<CrisisOutcomeKind> Kinds(this IEnumerable<CrisisOutcome> outcomes) => [.. outcomes.Select(o => o.Kind)];

    public static CrisisOutcomeKind[] Repeat(CrisisOutcomeKind kind, int count) => [.. Enumerable.Repeat(kind, count)];

    public static CrisisOutcomeKind[] Then(this CrisisOutcomeKind[] first, params CrisisOutcomeKind[] next) => [.. first, .. next];
}
