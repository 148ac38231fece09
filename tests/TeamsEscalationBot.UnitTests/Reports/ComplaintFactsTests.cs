using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Domain.Reports;
using static TeamsEscalationBot.UnitTests.Domain.ComplaintFixture;
using static TeamsEscalationBot.UnitTests.Reports.ReportFixture;

namespace TeamsEscalationBot.UnitTests.Reports;

[TestClass]
public sealed class ComplaintFactsTests
{
    [TestMethod]
    public void From_ClaimedTwiceAndAnsweredTwice_FirstClaimFirstAnswerAndClose()
    {
        var complaint = Receive("c-1", Billing, At(10, 9), Priority.Critical).Posted(At(10, 9, 1)).Claimed(At(10, 9, 5));
        MustSucceed(complaint.Unclaim(Ana, At(10, 9, 6)));
        MustSucceed(complaint.Assign(Cm, new Person("aad-luis", "Luis Gómez"), At(10, 9, 7)));
        complaint.Answered(At(10, 10));
        MustSucceed(complaint.SendBack(Cm, "Please add the refund date.", At(10, 11)));
        complaint.Answered(At(10, 12)).Closed(At(10, 13));

        var facts = ComplaintFacts.From(complaint);

        Assert.AreEqual("c-1", facts.Id);
        Assert.AreEqual(Billing, facts.DepartmentId);
        Assert.AreEqual(Priority.Critical, facts.Priority);
        Assert.AreEqual(Network.X, facts.Network);
        Assert.AreEqual(At(10, 9), facts.ReceivedAt);
        Assert.AreEqual(At(10, 9, 5), facts.ClaimedAt);
        Assert.AreEqual(At(10, 10), facts.AnsweredAt);
        Assert.AreEqual(At(10, 13), facts.ClosedAt);
        Assert.AreEqual(ComplaintState.Closed, facts.State);
        Assert.AreEqual("My invoice is wrong", facts.Gist);
        Assert.AreEqual(new CardLink("19:billing@thread", "act-c-1-2"), facts.Card);
        Assert.IsEmpty(facts.Breaches);
        Assert.IsNull(facts.DueAt);
    }

    [TestMethod]
    public void From_AssignedWithoutClaim_AssignmentIsTheFirstClaim()
    {
        var complaint = Receive("c-1", Billing, At(10, 9)).Posted(At(10, 9, 1));
        MustSucceed(complaint.Assign(Cm, new Person("aad-luis", "Luis Gómez"), At(10, 9, 30)));

        Assert.AreEqual(At(10, 9, 30), ComplaintFacts.From(complaint).ClaimedAt);
    }

    [TestMethod]
    public void From_ClosedThenReopened_NotClosed()
    {
        var complaint = Receive("c-1", Billing, At(10, 9)).Posted(At(10, 9, 1)).Claimed(At(10, 9, 2)).Answered(At(10, 9, 3)).Closed(At(10, 9, 4));
        MustSucceed(complaint.Reopen(Cm, "The refund never arrived.", At(10, 12)));

        var facts = ComplaintFacts.From(complaint);

        Assert.IsNull(facts.ClosedAt);
        Assert.AreEqual(ComplaintState.Open, facts.State);
        Assert.AreEqual(At(10, 9, 3), facts.AnsweredAt);
    }

    [TestMethod]
    public void From_Reassigned_DepartmentHistoryAndNoCardUntilPostedAgain()
    {
        var complaint = Receive("c-1", Logistics, At(10, 9)).Posted(At(10, 9, 1)).MovedTo(Billing, At(10, 10));

        var moved = ComplaintFacts.From(complaint);
        var posted = ComplaintFacts.From(complaint.Posted(At(10, 10, 5)));

        Assert.AreEqual(Billing, moved.DepartmentId);
        Assert.AreSequenceEqual(
            new[] { new DepartmentChange(Logistics, At(10, 9)), new DepartmentChange(Billing, At(10, 10)) },
            moved.DepartmentHistory.ToArray());
        Assert.IsNull(moved.Card);
        Assert.AreEqual(new CardLink("19:billing@thread", "act-c-1-4"), posted.Card);
    }

    [TestMethod]
    public void From_BreachesAndDue_Kept()
    {
        var breach = new BreachFact(Billing, BreachTarget.Claim, At(10, 10));

        var facts = ComplaintFacts.From(Receive("c-1", Billing, At(10, 9)), [breach], At(10, 12));

        Assert.AreSequenceEqual(new[] { breach }, facts.Breaches.ToArray());
        Assert.AreEqual(At(10, 12), facts.DueAt);
    }

    [TestMethod]
    public void ToGist_LongTextOnSeveralLines_OneLineCutWithEllipsis()
    {
        var text = "First line\r\n\tsecond   line " + string.Concat(Enumerable.Repeat("word ", 40));

        var gist = ComplaintFacts.ToGist(text);

        Assert.StartsWith("First line second line word", gist);
        Assert.EndsWith("…", gist);
        Assert.AreEqual(ComplaintFacts.MaxGistLength, gist.Length);
        Assert.DoesNotContain("\n", gist);
    }

    [TestMethod]
    public void ToGist_ShortText_Unchanged()
    {
        Assert.AreEqual("La app no funciona", ComplaintFacts.ToGist("  La app no funciona \n"));
    }
}
