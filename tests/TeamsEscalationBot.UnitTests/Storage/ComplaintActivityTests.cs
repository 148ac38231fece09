using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Storage;
using TeamsEscalationBot.Storage.Azure;
using static TeamsEscalationBot.UnitTests.Domain.ComplaintFixture;

namespace TeamsEscalationBot.UnitTests.Storage;

[TestClass]
public sealed class ComplaintActivityTests
{
    [TestMethod]
    public void LastActivity_History_TheLatestEntry()
    {
        var complaint = Received();
        MustSucceed(complaint.RecordCardPosted(Card(complaint.DepartmentId), Start.AddMinutes(5)));
        MustSucceed(complaint.AddNote(Ana, "Checked.", Start.AddHours(3)));

        Assert.AreEqual(Start.AddHours(3), ComplaintStoreRules.LastActivity(complaint));
    }

    [TestMethod]
    public void IsActiveSince_ClosedBeforeOrNotClosed_OnlyTheQuietClosedOneLeftOut()
    {
        var closed = InState(ComplaintState.Closed);
        var last = ComplaintStoreRules.LastActivity(closed);
        var open = InState(ComplaintState.Answered);

        Assert.IsTrue(ComplaintStoreRules.IsActiveSince(closed, last));
        Assert.IsFalse(ComplaintStoreRules.IsActiveSince(closed, last.AddTicks(1)));
        Assert.IsTrue(ComplaintStoreRules.IsActiveSince(open, ComplaintStoreRules.LastActivity(open).AddYears(1)));
    }

    [TestMethod]
    public void NotClosedStates_EveryStateButClosed() =>
        CollectionAssert.AreEqual(
            new[] { ComplaintState.Received, ComplaintState.Open, ComplaintState.Claimed, ComplaintState.Answered },
            ComplaintStoreRules.NotClosedStates.ToArray());

    [TestMethod]
    public void ActivityValue_Instants_SortAsTextLikeTime()
    {
        DateTimeOffset[] instants =
        [
            new(2026, 3, 10, 0, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2026, 3, 10, 0, 0, 0, TimeSpan.Zero).AddTicks(1),
            new(2026, 3, 10, 1, 30, 0, TimeSpan.FromHours(2)),
            new(2026, 3, 9, 23, 59, 59, TimeSpan.Zero),
            new(2025, 12, 31, 23, 0, 0, TimeSpan.FromHours(-5)),
        ];

        var byText = instants.OrderBy(ComplaintBlobs.ActivityValue, StringComparer.Ordinal).ToArray();

        CollectionAssert.AreEqual(instants.Order().ToArray(), byText);
        Assert.AreEqual("20260310T000000.0000000Z", ComplaintBlobs.ActivityValue(instants[0]));
        Assert.AreEqual(ComplaintBlobs.ActivityValue(instants[0]), BlobNaming.TagValue(ComplaintBlobs.ActivityValue(instants[0])), "a plain tag value, never hashed");
    }
}
