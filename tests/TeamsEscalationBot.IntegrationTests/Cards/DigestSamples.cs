using Microsoft.Extensions.Options;
using TeamsEscalationBot.BotFramework.Hosting;
using TeamsEscalationBot.Cards;
using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Domain.Reports;
using TeamsEscalationBot.Domain.Routing;
using TeamsEscalationBot.Features.Digest;
using TeamsEscalationBot.TestHarness.Text;

namespace TeamsEscalationBot.IntegrationTests.Cards;

/// <summary>
/// Digest cards for the renderer: a realistic week of six departments (the one docs/images/digest-card.png shows), 200
/// complaints across 20 departments, and 20 departments named with each string of the hostile corpus. Each summary is
/// computed by the real <see cref="ReportCalculator"/> from fixed complaint facts.
/// </summary>
internal static class DigestSamples
{
    private static readonly TimeZoneInfo Madrid = CardOptions.FindTimeZone("Europe/Madrid")!;
    private static readonly ComparedPeriods Yesterday = ReportCalendar.Yesterday(new DateTimeOffset(2026, 3, 11, 8, 0, 0, TimeSpan.FromHours(1)), Madrid);
    private static readonly ComparedPeriods LastWeek = ReportCalendar.LastWeek(new DateTimeOffset(2026, 3, 11, 8, 0, 0, TimeSpan.FromHours(1)), Madrid, DayOfWeek.Monday);
    private static readonly DigestCardBuilder Builder = new(Options.Create(new BotFrameworkOptions { TenantId = "72f988bf-86f1-41af-91ab-2d7cd011db47" }));
    private static readonly Uri FullReport = new("https://bot.contoso.example/api/reports/summary?from=2026-03-09T23:00:00Z&to=2026-03-10T23:00:00Z");

    private static readonly string[] Gists =
    [
        "I was charged twice for the same order and nobody has refunded me yet",
        "The parcel has been 'out for delivery' for six days and the courier does not answer",
        "The store in Valencia refused to exchange a jacket bought there last week",
        "Your app logs me out every time I try to pay with my saved card",
        "I have called customer service four times about my broken washing machine and nobody calls back",
        "The refund for my returned sofa still has not arrived after 30 days",
    ];

    private static readonly (string Id, string Name, int Weight)[] SixDepartments =
    [
        ("billing", "Billing", 5),
        ("deliveries", "Deliveries", 7),
        ("stores", "Stores", 3),
        ("online", "Online shop", 4),
        ("service", "Customer service", 6),
        ("returns", "Returns and refunds", 2),
    ];

    public static IEnumerable<(string Name, AdaptiveCard Card)> All()
    {
        foreach (var locale in CardCatalog.Locales)
        {
            yield return ($"digest-{locale}", Builder.Build(Input(Sample(), locale)));
            yield return ($"digest-late-weekly-{locale}", Builder.Build(Input(Sample(LastWeek), locale) with { Late = true, Cadence = DigestCadence.Weekly, FullReportUrl = null }));
            yield return ($"digest-large-{locale}", Builder.Build(Input(Large(), locale)));
        }

        yield return ("digest-empty-en-US", Builder.Build(Input(Summarize([], [.. SixDepartments.Select(d => Department(d.Id, d.Name))]), "en-US")));
        for (var i = 0; i < HostileText.Corpus.Count; i++)
        {
            yield return ($"hostile-{i:D2}-digest", Builder.Build(Input(Large(HostileText.Corpus[i]), "en-US")));
        }
    }

    /// <summary>Six departments over the 14 days up to yesterday: a busier week, deliveries missing high-priority targets.</summary>
    public static ReportSummary Sample(ComparedPeriods? periods = null)
    {
        var facts = new List<ComplaintFacts>();
        var end = Yesterday.Current.To;
        var n = 0;
        for (var day = 13; day >= 0; day--)
        {
            var dayStart = Yesterday.Current.From.AddDays(-day);
            foreach (var (id, _, weight) in SixDepartments)
            {
                // Volume grows towards the end of the fortnight, with a weekly rhythm.
                var count = ((weight * (14 - day)) / 9) + ((day + weight) % 3);
                for (var k = 0; k < count; k++, n++)
                {
                    var received = dayStart.AddMinutes(420 + (k * 97 % 780));
                    var age = end - received;
                    var claimed = received.AddMinutes(15 + (n * 13 % (id == "deliveries" ? 400 : 120)));
                    var answered = claimed.AddMinutes(60 + (n * 29 % 300));
                    var closed = answered.AddMinutes(90 + (n * 7 % 200));
                    var state = closed < end && n % 4 != 0 ? ComplaintState.Closed
                        : answered < end && n % 3 != 0 ? ComplaintState.Answered
                        : claimed < end && n % 2 == 0 ? ComplaintState.Claimed
                        : ComplaintState.Open;
                    var priority = n % 9 == 0 ? Priority.High : n % 23 == 0 ? Priority.Critical : Priority.Normal;
                    var breached = state is ComplaintState.Open && age > TimeSpan.FromHours(4) && (id is "deliveries" or "service" || n % 5 == 0);
                    facts.Add(new ComplaintFacts
                    {
                        Id = $"C01JQ{n:D11}",
                        DepartmentId = id,
                        Priority = priority,
                        ReceivedAt = received,
                        ClaimedAt = state is ComplaintState.Open ? null : claimed,
                        AnsweredAt = state is ComplaintState.Answered or ComplaintState.Closed ? answered : null,
                        ClosedAt = state is ComplaintState.Closed ? closed : null,
                        State = state,
                        Gist = Gists[n % Gists.Length],
                        Card = new CardLink($"19:{id}@thread.tacv2;messageid=17410{n:D8}", $"17410{n:D8}"),
                        Breaches = breached ? [new BreachFact(id, BreachTarget.Claim, received.AddHours(4))] : [],
                        DueAt = state is ComplaintState.Open ? received.AddHours(4) : null,
                    });
                }
            }
        }

        return Summarize(facts, [.. SixDepartments.Select(d => Department(d.Id, d.Name))], periods);
    }

    /// <summary>200 complaints across 20 departments over the 14 days up to yesterday, two in five still open.</summary>
    public static ReportSummary Large(string? hostile = null)
    {
        var departments = Enumerable.Range(1, 20).Select(d => Department($"dept-{d:D2}", hostile ?? $"Customer care and returns, region {d:D2}")).ToList();
        var facts = new List<ComplaintFacts>();
        for (var i = 0; i < 200; i++)
        {
            var department = departments[i % 20].Id;
            var received = Yesterday.Current.From.AddDays(-(i % 13)).AddMinutes(i * 53 % 1380);
            var open = i % 5 < 2;
            facts.Add(new ComplaintFacts
            {
                Id = $"C01JDX{i:D10}",
                DepartmentId = department,
                Priority = i % 7 == 0 ? Priority.High : Priority.Normal,
                ReceivedAt = received,
                ClaimedAt = open ? null : received.AddMinutes(20 + (i % 9 * 10)),
                AnsweredAt = i % 5 >= 3 ? received.AddHours(3) : null,
                ClosedAt = i % 5 == 4 ? received.AddHours(4) : null,
                State = (i % 5) switch { < 2 => ComplaintState.Open, 2 => ComplaintState.Claimed, 3 => ComplaintState.Answered, _ => ComplaintState.Closed },
                Gist = hostile is null ? ComplaintFacts.ToGist($"The parcel for order {i} arrived damaged and nobody answers the phone at the store in town number {i}") : ComplaintFacts.ToGist(hostile),
                Card = new CardLink($"19:{department}@thread.tacv2", $"act-{i}"),
                Breaches = open && i % 3 == 0 ? [new BreachFact(department, BreachTarget.Claim, received.AddHours(1))] : [],
                DueAt = open ? received.AddHours(1) : null,
            });
        }

        return Summarize(facts, departments);
    }

    private static DigestCardInput Input(ReportSummary summary, string locale) => new()
    {
        Summary = summary,
        Cadence = DigestCadence.Daily,
        Locale = locale,
        TimeZone = Madrid,
        FullReportUrl = FullReport,
    };

    private static ReportSummary Summarize(List<ComplaintFacts> facts, List<Department> departments, ComparedPeriods? periods = null) => ReportCalculator.Summarize(
        new ReportRequest { Period = (periods ?? Yesterday).Current, PreviousPeriod = (periods ?? Yesterday).Previous, TimeZone = Madrid }, facts, departments);

    private static Department Department(string id, string name) =>
        new() { Id = id, Name = name, TeamId = "team-" + id, ChannelId = $"19:{id}@thread.tacv2", EntraGroupId = "group-" + id };
}
