using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Domain.Reports;
using static TeamsEscalationBot.UnitTests.Domain.ComplaintFixture;
using static TeamsEscalationBot.UnitTests.Reports.ReportFixture;

namespace TeamsEscalationBot.UnitTests.Reports;

[TestClass]
public sealed class ReportCalculatorTests
{
    [TestMethod]
    public void Summarize_FixedHistories_EachFigureCountsEventsInThePeriod()
    {
        ComplaintFacts[] facts =
        [
            // Received, claimed, answered and closed within the day.
            ComplaintFacts.From(Receive("b-1", Billing, At(10, 9)).Posted(At(10, 9, 1)).Claimed(At(10, 9, 10)).Answered(At(10, 10, 10)).Closed(At(10, 11))),
            // Received the day before, claimed during the day, still open.
            ComplaintFacts.From(Receive("b-2", Billing, At(9, 12)).Posted(At(9, 12, 1)).Claimed(At(10, 8))),
            // Received during the day, open.
            OpenFacts("b-3", Billing, At(10, 20)),
            // Received during the day, answered and closed after it: open when the day ended.
            ComplaintFacts.From(Receive("b-4", Billing, At(10, 23)).Posted(At(10, 23, 1)).Claimed(At(10, 23, 30)).Answered(At(11, 1)).Closed(At(11, 2))),
            // Received after the day: not counted.
            OpenFacts("b-5", Billing, At(11, 1)),
            // Closed before the day.
            ComplaintFacts.From(Receive("l-1", Logistics, At(8, 9)).Posted(At(8, 9, 1)).Claimed(At(8, 10)).Answered(At(8, 11)).Closed(At(9, 9))),
        ];

        var summary = Summarize(facts);

        var billing = summary.Row(Billing).Figures;
        Assert.AreEqual(3, billing.Received);
        Assert.AreEqual(3, billing.StillOpen);
        Assert.AreEqual(3, billing.Claimed);
        Assert.AreEqual(1, billing.Answered);
        Assert.AreEqual(1, billing.Closed);
        Assert.AreEqual(0, billing.Breached);
        Assert.AreEqual(TimeSpan.FromMinutes(30), billing.MedianTimeToClaim, "10 min, 30 min and 20 h: the middle one");
        Assert.AreEqual(TimeSpan.FromMinutes(70), billing.MedianTimeToAnswer);
        Assert.AreEqual(TimeSpan.FromHours(36), billing.OldestOpenAge, "b-2, received at noon the day before");
        Assert.AreEqual(new ReportFigures(), summary.Row(Logistics).Figures);
        Assert.AreEqual(new ReportFigures(), summary.Row(Support).Figures);
        Assert.AreEqual(billing, summary.Totals);
    }

    [TestMethod]
    public void Summarize_ReassignedComplaint_EachEventCountsForTheDepartmentHoldingIt()
    {
        var complaint = Receive("c-1", Logistics, At(10, 9)).Posted(At(10, 9, 1)).MovedTo(Billing, At(10, 10)).Posted(At(10, 10, 1)).Claimed(At(10, 10, 30));

        var summary = Summarize([ComplaintFacts.From(complaint)]);

        Assert.AreEqual(1, summary.Row(Logistics).Figures.Received);
        Assert.AreEqual(0, summary.Row(Logistics).Figures.StillOpen);
        Assert.AreEqual(0, summary.Row(Billing).Figures.Received);
        Assert.AreEqual(1, summary.Row(Billing).Figures.Claimed);
        Assert.AreEqual(1, summary.Row(Billing).Figures.StillOpen);
        Assert.AreEqual(TimeSpan.FromMinutes(90), summary.Row(Billing).Figures.MedianTimeToClaim, "measured from receipt");
        Assert.AreEqual(1, summary.Totals.Received);
        Assert.AreEqual(1, summary.Totals.StillOpen);
    }

    [TestMethod]
    public void Summarize_ReopenedComplaint_OpenAndNotClosed()
    {
        var complaint = Receive("c-1", Billing, At(10, 9)).Posted(At(10, 9, 1)).Claimed(At(10, 9, 2)).Answered(At(10, 9, 3)).Closed(At(10, 10));
        MustSucceed(complaint.Reopen(Cm, null, At(10, 12)));

        var figures = Summarize([ComplaintFacts.From(complaint)]).Row(Billing).Figures;

        Assert.AreEqual(0, figures.Closed);
        Assert.AreEqual(1, figures.StillOpen);
        Assert.AreEqual(1, figures.Answered);
    }

    [TestMethod]
    public void Summarize_NothingClaimedOrAnswered_MediansNull()
    {
        var figures = Summarize([OpenFacts("c-1", Billing, At(10, 9))]).Row(Billing).Figures;

        Assert.IsNull(figures.MedianTimeToClaim);
        Assert.IsNull(figures.MedianTimeToAnswer);
        Assert.AreEqual(TimeSpan.FromHours(15), figures.OldestOpenAge);
    }

    [TestMethod]
    public void Summarize_EvenNumberAnswered_MedianHalfwayBetweenTheMiddleTwo()
    {
        ComplaintFacts Answered(string id, int minutes) => ComplaintFacts.From(
            Receive(id, Billing, At(10, 8)).Posted(At(10, 8, 0)).Claimed(At(10, 8, 0)).Answered(At(10, 8).AddMinutes(minutes)));

        var figures = Summarize([Answered("a", 10), Answered("b", 20), Answered("c", 50), Answered("d", 200)]).Row(Billing).Figures;

        Assert.AreEqual(TimeSpan.FromMinutes(35), figures.MedianTimeToAnswer);
        Assert.AreEqual(TimeSpan.Zero, figures.MedianTimeToClaim);
    }

    [TestMethod]
    [DataRow(new[] { 7 }, 7.0)]
    [DataRow(new[] { 9, 1, 5 }, 5.0)]
    [DataRow(new[] { 4, 1, 3, 2 }, 2.5)]
    [DataRow(new[] { 1, 2 }, 1.5)]
    public void Median_Durations_MiddleOrHalfwayBetweenMiddleTwo(int[] minutes, double expectedMinutes)
    {
        Assert.AreEqual(TimeSpan.FromMinutes(expectedMinutes), ReportCalculator.Median(minutes.Select(m => TimeSpan.FromMinutes(m))));
    }

    [TestMethod]
    public void Median_NoDurations_Null()
    {
        Assert.IsNull(ReportCalculator.Median([]));
    }

    [TestMethod]
    public void Summarize_Breaches_CountedInThePeriodForTheirDepartmentHighPriorityApart()
    {
        BreachFact claimInBilling = new(Billing, BreachTarget.Claim, At(10, 10));
        ComplaintFacts[] facts =
        [
            // Two targets missed, one listed twice: counted once each.
            OpenFacts("c-1", Billing, At(10, 9), Priority.Critical) with
            {
                Breaches = [claimInBilling, claimInBilling, new(Billing, BreachTarget.Answer, At(10, 14))],
            },
            OpenFacts("c-2", Billing, At(10, 9), Priority.High) with { Breaches = [new(Billing, BreachTarget.Claim, At(10, 10))] },
            OpenFacts("c-3", Billing, At(10, 9), Priority.Normal) with { Breaches = [new(Billing, BreachTarget.Claim, At(10, 10))] },
            // Missed while logistics held it, now in billing.
            OpenFacts("c-4", Billing, At(9, 9), Priority.Low) with { Breaches = [new(Logistics, BreachTarget.Claim, At(10, 1))] },
            // Missed the day before and the day after: not in the period.
            OpenFacts("c-5", Billing, At(9, 9), Priority.Critical) with
            {
                Breaches = [new(Billing, BreachTarget.Claim, At(9, 10)), new(Billing, BreachTarget.Answer, At(11, 0))],
            },
        ];

        var summary = Summarize(facts);

        Assert.AreEqual(4, summary.Row(Billing).Figures.Breached);
        Assert.AreEqual(3, summary.Row(Billing).Figures.HighPriorityBreached);
        Assert.AreEqual(1, summary.Row(Logistics).Figures.Breached);
        Assert.AreEqual(0, summary.Row(Logistics).Figures.HighPriorityBreached);
        Assert.AreEqual(5, summary.Totals.Breached);
        Assert.AreEqual(3, summary.Totals.HighPriorityBreached);
    }

    [TestMethod]
    public void Summarize_Ranking_HighPriorityBreachesThenBreachesThenOldestOpenThenName()
    {
        var departments = new[]
        {
            Department("a", "Alpha"), Department("b", "Bravo"), Department("c", "Charlie"),
            Department("d", "Delta"), Department("e", "Echo"), Department("f", "Foxtrot"),
        };
        BreachFact Breach(string departmentId) => new(departmentId, BreachTarget.Claim, At(10, 12));
        ComplaintFacts[] facts =
        [
            // Foxtrot: one high-priority breach beats Echo's three ordinary ones.
            OpenFacts("f-1", "f", At(10, 9), Priority.High) with { Breaches = [Breach("f")] },
            OpenFacts("e-1", "e", At(10, 9)) with { Breaches = [Breach("e")] },
            OpenFacts("e-2", "e", At(10, 9)) with { Breaches = [Breach("e")] },
            OpenFacts("e-3", "e", At(10, 9)) with { Breaches = [Breach("e")] },
            // Delta: two ordinary breaches beat Charlie's one, although Charlie's open complaint is older.
            OpenFacts("d-1", "d", At(10, 9)) with { Breaches = [Breach("d"), Breach("d") with { Target = BreachTarget.Answer }] },
            OpenFacts("c-1", "c", At(1, 9)) with { Breaches = [Breach("c")] },
            // No breaches: Bravo's older open complaint beats Alpha's; Alpha and Bravo tie with nothing else.
            OpenFacts("b-1", "b", At(10, 1)),
            OpenFacts("a-1", "a", At(10, 2)),
        ];

        var summary = Summarize(facts, departments: departments);

        Assert.AreSequenceEqual(new[] { "f", "e", "d", "c", "b", "a" }, summary.Departments.Select(d => d.DepartmentId).ToArray());
        Assert.AreSequenceEqual(new[] { 1, 2, 3, 4, 5, 6 }, summary.Departments.Select(d => d.Rank).ToArray());
    }

    [TestMethod]
    public void Summarize_RankingTies_ByNameThenId()
    {
        var departments = new[] { Department("z", "Alpha"), Department("y", "Bravo"), Department("x2", "Same"), Department("x1", "Same") };

        var summary = Summarize([], departments: departments);

        Assert.AreSequenceEqual(new[] { "z", "y", "x1", "x2" }, summary.Departments.Select(d => d.DepartmentId).ToArray());
    }

    [TestMethod]
    public void Summarize_UnconfiguredDepartment_RowNamedByItsId()
    {
        var summary = Summarize([OpenFacts("c-1", "legal", At(10, 9))]);

        var legal = summary.Row("legal");
        Assert.AreEqual("legal", legal.Name);
        Assert.AreEqual(1, legal.Figures.Received);
        Assert.HasCount(4, summary.Departments);
    }

    [TestMethod]
    public void Summarize_WithoutDueInformation_FiveOldestOpenTiesById()
    {
        ComplaintFacts[] facts =
        [
            OpenFacts("c-7", Billing, At(10, 7)),
            OpenFacts("c-3", Logistics, At(10, 3)),
            OpenFacts("c-1b", Billing, At(10, 1)),
            OpenFacts("c-1a", Support, At(10, 1)),
            OpenFacts("c-5", Billing, At(10, 5)),
            OpenFacts("c-2", Billing, At(10, 2)),
            OpenFacts("c-4", Billing, At(10, 4)),
            ComplaintFacts.From(Receive("c-0", Billing, At(10, 0)).Posted(At(10, 0, 1)).Claimed(At(10, 0, 2)).Answered(At(10, 0, 3)).Closed(At(10, 0, 4))),
        ];

        var oldest = Summarize(facts).OldestOpen;

        Assert.AreSequenceEqual(new[] { "c-1a", "c-1b", "c-2", "c-3", "c-4" }, oldest.Select(o => o.Id).ToArray());
        var first = oldest[0];
        Assert.AreEqual(Support, first.DepartmentId);
        Assert.AreEqual("Support", first.DepartmentName);
        Assert.AreEqual(TimeSpan.FromHours(23), first.Age);
        Assert.IsNull(first.OverdueBy);
        Assert.AreEqual(ComplaintState.Open, first.State);
        Assert.AreEqual("My invoice is wrong", first.Gist);
        Assert.AreEqual(new CardLink("19:support@thread", "act-c-1a-2"), first.Card);
    }

    [TestMethod]
    public void Summarize_WithDueInformation_MostOverdueFirstThenOldest()
    {
        ComplaintFacts[] facts =
        [
            OpenFacts("old", Billing, At(9, 1)),
            OpenFacts("due-later", Billing, At(10, 20)) with { DueAt = At(11, 6) },
            OpenFacts("overdue-1h", Billing, At(10, 21)) with { DueAt = At(10, 23) },
            OpenFacts("overdue-3h", Billing, At(10, 20)) with { DueAt = At(10, 21) },
            OpenFacts("breached-5h", Billing, At(10, 18)) with { Breaches = [new(Billing, BreachTarget.Claim, At(10, 19))] },
        ];

        var oldest = Summarize(facts).OldestOpen;

        Assert.AreSequenceEqual(
            new[] { "breached-5h", "overdue-3h", "overdue-1h", "old", "due-later" }, oldest.Select(o => o.Id).ToArray());
        Assert.AreEqual(TimeSpan.FromHours(5), oldest[0].OverdueBy);
        Assert.AreEqual(TimeSpan.FromHours(1), oldest[2].OverdueBy);
        Assert.IsNull(oldest[4].OverdueBy);
    }

    [TestMethod]
    public void Summarize_Trend_DirectionsPerDepartmentAndOverall()
    {
        ComplaintFacts Closed(string id, string departmentId, DateTimeOffset at) => ComplaintFacts.From(
            Receive(id, departmentId, at).Posted(at).Claimed(at).Answered(at).Closed(at.AddHours(1)));
        ComplaintFacts[] facts =
        [
            // Billing: received 1 → 2 (up), closed 1 → 0 (down), breached 1 → 1 (flat).
            Closed("b-prev", Billing, At(9, 9)) with { Breaches = [new(Billing, BreachTarget.Claim, At(9, 9, 30))] },
            OpenFacts("b-1", Billing, At(10, 9)) with { Breaches = [new(Billing, BreachTarget.Claim, At(10, 10))] },
            OpenFacts("b-2", Billing, At(10, 9)),
            // Logistics: received 2 → 1 (down), closed 0 → 1 (up).
            OpenFacts("l-prev-1", Logistics, At(9, 9)),
            OpenFacts("l-prev-2", Logistics, At(9, 9)),
            Closed("l-1", Logistics, At(10, 9)),
        ];

        var summary = Summarize(facts);

        var billing = summary.Row(Billing).Trend;
        Assert.AreEqual(new FigureTrend(1, 2), billing.Received);
        Assert.AreEqual(TrendDirection.Up, billing.Received.Direction);
        Assert.AreEqual(TrendDirection.Down, billing.Closed.Direction);
        Assert.AreEqual(new FigureTrend(1, 1), billing.Breached);
        Assert.AreEqual(TrendDirection.Flat, billing.Breached.Direction);
        var logistics = summary.Row(Logistics).Trend;
        Assert.AreEqual(TrendDirection.Down, logistics.Received.Direction);
        Assert.AreEqual(TrendDirection.Up, logistics.Closed.Direction);
        Assert.AreEqual(new FigureTrend(3, 3), summary.TotalsTrend.Received);
        Assert.AreEqual(TrendDirection.Flat, summary.TotalsTrend.Closed.Direction);
        Assert.AreEqual(TrendDirection.Flat, summary.Row(Support).Trend.Received.Direction);
        Assert.AreEqual(new ReportPeriod(At(9, 0), At(10, 0)), summary.PreviousPeriod);
    }

    [TestMethod]
    public void Summarize_ExplicitPreviousPeriod_TrendComparesWithIt()
    {
        var request = Request() with { PreviousPeriod = new ReportPeriod(At(3, 0), At(4, 0)) };

        var summary = Summarize([OpenFacts("c-1", Billing, At(3, 9)), OpenFacts("c-2", Billing, At(9, 9))], request);

        Assert.AreEqual(new FigureTrend(1, 0), summary.Row(Billing).Trend.Received);
        Assert.AreEqual(request.PreviousPeriod, summary.PreviousPeriod);
    }

    [TestMethod]
    public void Summarize_DailyVolumeAcrossDstChange_CountsLocalDays()
    {
        // Madrid moves to summer time on 29 March 2026 (a 23-hour day). The period ends at local midnight on 31 March.
        var period = ReportCalendar.Days(new DateOnly(2026, 3, 30), 1, Madrid);
        ComplaintFacts[] facts =
        [
            OpenFacts("before-range", Billing, new(2026, 3, 16, 22, 30, 0, TimeSpan.Zero)), // 16 March 23:30 local
            OpenFacts("first-day", Billing, new(2026, 3, 16, 23, 30, 0, TimeSpan.Zero)),    // 17 March 00:30 local
            OpenFacts("winter-start", Billing, new(2026, 3, 28, 23, 30, 0, TimeSpan.Zero)), // 29 March 00:30 (+01:00)
            OpenFacts("summer-end", Billing, new(2026, 3, 29, 21, 30, 0, TimeSpan.Zero)),   // 29 March 23:30 (+02:00)
            OpenFacts("next-day", Billing, new(2026, 3, 29, 22, 30, 0, TimeSpan.Zero)),     // 30 March 00:30 (+02:00)
            OpenFacts("after-end", Billing, new(2026, 3, 30, 22, 30, 0, TimeSpan.Zero)),    // 31 March 00:30
        ];

        var volume = Summarize(facts, Request(period) with { TimeZone = Madrid }).DailyVolume;

        Assert.HasCount(ReportCalculator.DailyVolumeDays, volume);
        Assert.AreEqual(new DateOnly(2026, 3, 17), volume[0].Day);
        Assert.AreEqual(new DateOnly(2026, 3, 30), volume[^1].Day);
        var byDay = volume.ToDictionary(v => v.Day, v => v.Received);
        Assert.AreEqual(1, byDay[new DateOnly(2026, 3, 17)]);
        Assert.AreEqual(2, byDay[new DateOnly(2026, 3, 29)]);
        Assert.AreEqual(1, byDay[new DateOnly(2026, 3, 30)]);
        Assert.AreEqual(4, volume.Sum(v => v.Received));
        Assert.AreEqual("Europe/Madrid", Summarize(facts, Request(period) with { TimeZone = Madrid }).TimeZoneId);
    }

    [TestMethod]
    public void Summarize_DepartmentFilter_OnlyThatDepartmentEverywhere()
    {
        ComplaintFacts[] facts =
        [
            OpenFacts("b-1", Billing, At(10, 9)) with { Breaches = [new(Billing, BreachTarget.Claim, At(10, 10))] },
            OpenFacts("l-1", Logistics, At(10, 8)),
            OpenFacts("l-2", Logistics, At(9, 8)),
        ];

        var summary = Summarize(facts, Request(departmentId: "LOGISTICS"));

        Assert.AreEqual(Logistics, summary.DepartmentId);
        Assert.AreSequenceEqual(new[] { Logistics }, summary.Departments.Select(d => d.DepartmentId).ToArray());
        Assert.AreEqual(1, summary.Totals.Received);
        Assert.AreEqual(2, summary.Totals.StillOpen);
        Assert.AreEqual(0, summary.Totals.Breached);
        Assert.AreSequenceEqual(new[] { "l-2", "l-1" }, summary.OldestOpen.Select(o => o.Id).ToArray());
        Assert.AreEqual(1, summary.DailyVolume.Single(v => v.Day == new DateOnly(2026, 3, 10)).Received);
        Assert.AreEqual(2, summary.DailyVolume.Sum(v => v.Received));
    }

    [TestMethod]
    public void Summarize_SameInputInAnyOrder_SameSummary()
    {
        ComplaintFacts[] facts =
        [
            OpenFacts("c-2", Billing, At(10, 9)),
            OpenFacts("c-1", Billing, At(10, 9)),
            OpenFacts("c-3", Logistics, At(10, 9)),
        ];

        var forward = Summarize(facts);
        var backward = Summarize(Enumerable.Reverse(facts));

        Assert.AreEqual(ReportCsv.Write(forward), ReportCsv.Write(backward));
        Assert.AreSequenceEqual(forward.OldestOpen.ToArray(), backward.OldestOpen.ToArray());
        Assert.AreSequenceEqual(new[] { "c-1", "c-2", "c-3" }, forward.OldestOpen.Select(o => o.Id).ToArray());
    }
}
