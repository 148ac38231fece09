using TeamsEscalationBot.Domain.Reports;
using static TeamsEscalationBot.UnitTests.Domain.ComplaintFixture;
using static TeamsEscalationBot.UnitTests.Reports.ReportFixture;

namespace TeamsEscalationBot.UnitTests.Reports;

/// <summary>A report limited to a set of departments (a digest recipient's): their rows only, totals over them only.</summary>
[TestClass]
public sealed class ReportDepartmentSetTests
{
    [TestMethod]
    public void Summarize_DepartmentSet_OnlyThoseRowsAndTotalsOverThem()
    {
        ComplaintFacts[] facts =
        [
            ComplaintFacts.From(Receive("b-1", Billing, At(10, 9)).Posted(At(10, 9, 1))),
            ComplaintFacts.From(Receive("b-2", Billing, At(10, 11)).Posted(At(10, 11, 1)).Claimed(At(10, 12))),
            ComplaintFacts.From(Receive("s-1", Support, At(10, 10)).Posted(At(10, 10, 1))),
            ComplaintFacts.From(Receive("l-1", Logistics, At(10, 10)).Posted(At(10, 10, 1))),
        ];

        var summary = Summarize(facts, Request() with { DepartmentIds = ["BILLING", Support] });

        CollectionAssert.AreEquivalent(new[] { Billing, Support }, summary.Departments.Select(d => d.DepartmentId).ToArray(), "configured spelling, no other department");
        Assert.AreEqual(3, summary.Totals.Received, "billing's two and support's one, not logistics'");
        Assert.AreEqual(1, summary.Totals.Claimed);
        Assert.IsTrue(summary.OldestOpen.All(o => o.DepartmentId is Billing or Support));
        Assert.AreEqual(3, summary.DailyVolume.Sum(d => d.Received));
        Assert.IsNull(summary.DepartmentId, "a set is not the single-department filter");
    }

    [TestMethod]
    public void Summarize_DepartmentSet_EachRowEqualsThatDepartmentsOwnReport()
    {
        ComplaintFacts[] facts =
        [
            ComplaintFacts.From(Receive("b-1", Billing, At(10, 9)).Posted(At(10, 9, 1)).Claimed(At(10, 9, 30))),
            ComplaintFacts.From(Receive("s-1", Support, At(9, 10)).Posted(At(9, 10, 1))),
            ComplaintFacts.From(Receive("l-1", Logistics, At(10, 10)).Posted(At(10, 10, 1))),
        ];

        var set = Summarize(facts, Request() with { DepartmentIds = [Billing, Support] });

        foreach (var row in set.Departments)
        {
            var alone = Summarize(facts, Request(departmentId: row.DepartmentId)).Departments.Single();
            Assert.AreEqual(alone.Figures, row.Figures, row.DepartmentId);
            Assert.AreEqual(alone.Trend, row.Trend, row.DepartmentId);
        }
    }

    [TestMethod]
    public void Summarize_EmptyDepartmentSet_EveryDepartment()
    {
        var summary = Summarize([], Request() with { DepartmentIds = [] });

        Assert.HasCount(Departments.Count, summary.Departments);
    }
}
