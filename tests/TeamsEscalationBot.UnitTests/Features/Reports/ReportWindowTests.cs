using System.Text.Json;
using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Domain.Reports;
using TeamsEscalationBot.Domain.Routing;
using TeamsEscalationBot.Features.Reports;
using TeamsEscalationBot.Storage;
using static TeamsEscalationBot.UnitTests.Domain.ComplaintFixture;

namespace TeamsEscalationBot.UnitTests.Features.Reports;

/// <summary>
/// The store reads only complaints active since <see cref="ReportSummaries.EarliestInstant"/> plus those not closed;
/// over random histories and requests, the summary of that subset equals the summary of every complaint.
/// </summary>
[TestClass]
public sealed class ReportWindowTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);
    private static readonly string[] DepartmentIds = ["billing", "logistics", "support"];
    private static readonly Department[] Departments =
        [.. DepartmentIds.Select(id => new Department { Id = id, Name = id.ToUpperInvariant(), TeamId = "t", ChannelId = "c-" + id, EntraGroupId = "g-" + id })];

    private static readonly TimeZoneInfo[] Zones =
        [TimeZoneInfo.Utc, TimeZoneInfo.FindSystemTimeZoneById("Europe/Madrid"), TimeZoneInfo.FindSystemTimeZoneById("America/New_York")];

    [TestMethod]
    [DataRow(1)]
    [DataRow(2)]
    [DataRow(3)]
    public void EarliestInstant_RandomHistoriesAndRequests_SubsetGivesTheSameSummary(int seed)
    {
        var random = new Random(seed);
        var complaints = RandomComplaints(random, 400);
        var excluded = 0;
        foreach (var request in RandomRequests(random, 60))
        {
            var since = ReportSummaries.EarliestInstant(request);
            var subset = complaints.Where(c => ComplaintStoreRules.IsActiveSince(c, since)).ToList();
            excluded += complaints.Count - subset.Count;

            Assert.AreEqual(Json(Summarize(request, complaints)), Json(Summarize(request, subset)), $"{request.Period.From:O}–{request.Period.To:O} {request.TimeZone.Id} {request.DepartmentId}");
        }

        Assert.IsGreaterThan(0, excluded, "the rule must leave complaints out, or it proves nothing");
    }

    [TestMethod]
    public void EarliestInstant_ADayLater_SomeSummaryDiffers()
    {
        // The check above can fail: a window starting one day too late changes some figure.
        var random = new Random(7);
        var complaints = RandomComplaints(random, 400);

        var differs = RandomRequests(random, 60).Any(request =>
        {
            var late = ReportSummaries.EarliestInstant(request).AddDays(1);
            return Json(Summarize(request, complaints)) != Json(Summarize(request, complaints.Where(c => ComplaintStoreRules.IsActiveSince(c, late))));
        });

        Assert.IsTrue(differs);
    }

    [TestMethod]
    public void EarliestInstant_Yesterday_TheFirstDayOfTheDailyVolume()
    {
        var madrid = Zones[1];
        var periods = ReportCalendar.Yesterday(new DateTimeOffset(2026, 3, 11, 10, 0, 0, TimeSpan.Zero), madrid);

        var since = ReportSummaries.EarliestInstant(new ReportRequest { Period = periods.Current, PreviousPeriod = periods.Previous, TimeZone = madrid });

        Assert.AreEqual(ReportCalendar.StartOfDay(new DateOnly(2026, 2, 25), madrid), since, "14 local days ending with 10 March");
    }

    [TestMethod]
    public void EarliestInstant_LongPeriod_ThePreviousPeriodsStart()
    {
        var period = ReportCalendar.Days(new DateOnly(2026, 2, 1), 28, TimeZoneInfo.Utc);

        var since = ReportSummaries.EarliestInstant(new ReportRequest { Period = period, TimeZone = TimeZoneInfo.Utc });

        Assert.AreEqual(new DateTimeOffset(2026, 1, 4, 0, 0, 0, TimeSpan.Zero), since);
    }

    private static ReportSummary Summarize(ReportRequest request, IEnumerable<Complaint> complaints) =>
        ReportCalculator.Summarize(request, complaints.Select(c => ComplaintFacts.From(c)), Departments);

    private static string Json(ReportSummary summary) => JsonSerializer.Serialize(summary);

    private static List<ReportRequest> RandomRequests(Random random, int count)
    {
        var requests = new List<ReportRequest>();
        for (var i = 0; i < count; i++)
        {
            var zone = Zones[random.Next(Zones.Length)];
            var now = T0.AddMinutes(random.Next(0, 90 * 24 * 60));
            var periods = (i % 4) switch
            {
                0 => ReportCalendar.Yesterday(now, zone),
                1 => ReportCalendar.LastWeek(now, zone, DayOfWeek.Monday),
                2 => new ComparedPeriods(ReportCalendar.Days(ReportCalendar.LocalDate(now, zone), random.Next(1, 40), zone), ReportCalendar.Days(ReportCalendar.LocalDate(now, zone).AddDays(-45), 5, zone)),
                _ => Instants(now, TimeSpan.FromMinutes(random.Next(1, 20 * 24 * 60))),
            };
            requests.Add(new ReportRequest
            {
                Period = periods.Current,
                PreviousPeriod = i % 3 == 0 ? null : periods.Previous,
                DepartmentId = random.Next(3) == 0 ? DepartmentIds[random.Next(DepartmentIds.Length)] : null,
                TimeZone = zone,
            });
        }

        return requests;
    }

    private static ComparedPeriods Instants(DateTimeOffset from, TimeSpan length)
    {
        var period = new ReportPeriod(from, from + length);
        return new ComparedPeriods(period, period.Preceding());
    }

    /// <summary>Complaints received over 80 days, each walked through a random part of its lifecycle, minutes to days apart.</summary>
    private static List<Complaint> RandomComplaints(Random random, int count)
    {
        var complaints = new List<Complaint>();
        for (var n = 0; n < count; n++)
        {
            var at = T0.AddMinutes(random.Next(0, 80 * 24 * 60));
            var department = DepartmentIds[random.Next(DepartmentIds.Length)];
            var complaint = Complaint.Receive($"c-{n:D4}", Submission() with { ExternalId = $"e-{n}", Priority = (Priority)random.Next(4) }, RoutedTo(department), Api, at);
            for (var step = 0; step < 12 && random.Next(10) > 0; step++)
            {
                at = at.AddMinutes(random.Next(1, random.Next(2) == 0 ? 240 : 6 * 24 * 60));
                Step(complaint, random, at);
            }

            complaints.Add(complaint);
        }

        return complaints;
    }

    private static void Step(Complaint complaint, Random random, DateTimeOffset at)
    {
        _ = complaint.State switch
        {
            ComplaintState.Received => complaint.RecordCardPosted(new ChannelCard(complaint.DepartmentId, "19:c", $"a-{complaint.Version}", at), at),
            ComplaintState.Open when random.Next(5) == 0 => complaint.Reassign(Ana, Other(complaint.DepartmentId, random), "Not ours.", at),
            ComplaintState.Open => complaint.Claim(Ana, at),
            ComplaintState.Claimed when random.Next(6) == 0 => complaint.Unclaim(Ana, at),
            ComplaintState.Claimed => complaint.Resolve(Ana, "Sorted.", at),
            ComplaintState.Answered when random.Next(5) == 0 => complaint.SendBack(Cm, "Not enough.", at),
            ComplaintState.Answered => complaint.Accept(Cm, at),
            _ => random.Next(4) == 0 ? complaint.Reopen(Ana, "Wrote again.", at) : complaint.AddNote(Ana, "Checked.", at),
        };
    }

    private static string Other(string departmentId, Random random)
    {
        var others = DepartmentIds.Where(d => d != departmentId).ToArray();
        return others[random.Next(others.Length)];
    }
}
