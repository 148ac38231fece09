using Microsoft.Extensions.Options;
using TeamsEscalationBot.BotFramework.Hosting;
using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Domain.Reports;
using TeamsEscalationBot.Domain.Routing;
using TeamsEscalationBot.Features.Digest;
using static TeamsEscalationBot.UnitTests.Reports.ReportFixture;

namespace TeamsEscalationBot.UnitTests.Digest;

/// <summary>Digest inputs from fixed complaint histories, summarised by the real <see cref="ReportCalculator"/>.</summary>
internal static class DigestFixture
{
    public const string TenantId = "tenant-1";

    public static readonly DigestCardBuilder Digests = new(Options.Create(new BotFrameworkOptions { TenantId = TenantId }));

    /// <summary>Yesterday for a recipient in Madrid on the morning of 11 March 2026: Tuesday 10 March, local.</summary>
    public static readonly ComparedPeriods Yesterday = ReportCalendar.Yesterday(new DateTimeOffset(2026, 3, 11, 8, 0, 0, TimeSpan.FromHours(1)), Madrid);

    public static DigestCardInput Input(ReportSummary summary, string? locale = "en-US", bool late = false, Uri? fullReport = null) => new()
    {
        Summary = summary,
        Cadence = DigestCadence.Daily,
        Locale = locale,
        TimeZone = Madrid,
        Late = late,
        FullReportUrl = fullReport,
    };

    public static ReportSummary Summary(IEnumerable<ComplaintFacts> facts, IEnumerable<Department> departments, ComparedPeriods? periods = null) =>
        ReportCalculator.Summarize(
            new ReportRequest { Period = (periods ?? Yesterday).Current, PreviousPeriod = (periods ?? Yesterday).Previous, TimeZone = Madrid },
            facts,
            departments);

    /// <summary>
    /// <paramref name="count"/> complaints spread over <paramref name="departmentCount"/> departments and the 14 days up to
    /// the reported one: two in five left open (a third of those with a missed claim target, some high priority), the
    /// others claimed, answered or closed. Department names are 37 characters long.
    /// </summary>
    public static (List<ComplaintFacts> Facts, List<Department> Departments) History(int count = 200, int departmentCount = 20, string? name = null, string? text = null)
    {
        var departments = Enumerable.Range(1, departmentCount)
            .Select(d => Department($"dept-{d:D3}", name ?? $"Customer care and returns, region {d:D2}"))
            .ToList();
        var facts = new List<ComplaintFacts>(count);
        var periodStart = Yesterday.Current.From;
        for (var i = 0; i < count; i++)
        {
            var department = departments[i % departmentCount].Id;
            var receivedAt = periodStart.AddDays(-(i % 13)).AddMinutes(i * 53 % 1380);
            var priority = i % 7 == 0 ? Priority.High : Priority.Normal;
            var complaint = Receive(
                $"C01JDX{i:D10}", department, receivedAt, priority,
                text ?? $"The parcel for order {i} arrived damaged and nobody answers the phone at the store in town number {i}").Posted(receivedAt.AddMinutes(1));
            var claimedAt = receivedAt.AddMinutes(20 + (i % 9 * 10));
            switch (i % 5)
            {
                case 2:
                    complaint.Claimed(claimedAt);
                    break;
                case 3:
                    complaint.Claimed(claimedAt).Answered(claimedAt.AddHours(2));
                    break;
                case 4:
                    complaint.Claimed(claimedAt).Answered(claimedAt.AddHours(2)).Closed(claimedAt.AddHours(3));
                    break;
            }

            IReadOnlyList<BreachFact> breaches = i % 5 < 2 && i % 3 == 0 ? [new BreachFact(department, BreachTarget.Claim, receivedAt.AddHours(1))] : [];
            facts.Add(ComplaintFacts.From(complaint, breaches, receivedAt.AddHours(1)));
        }

        return (facts, departments);
    }
}
