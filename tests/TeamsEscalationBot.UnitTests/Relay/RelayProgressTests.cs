using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Features.Relay;
using TeamsEscalationBot.UnitTests.Domain;

namespace TeamsEscalationBot.UnitTests.Relay;

[TestClass]
public sealed class RelayProgressTests
{
    private static readonly DateTimeOffset Later = ComplaintFixture.Start.AddHours(1);

    [TestMethod]
    public void AwaitsDelivery_JustAnswered_True()
    {
        var complaint = ComplaintFixture.InState(ComplaintState.Answered);

        Assert.IsTrue(RelayProgress.AwaitsDelivery(complaint, complaint.Version));
        Assert.IsTrue(RelayProgress.AwaitsDelivery(complaint, null), "an unreadable payload means the latest answer");
        Assert.AreEqual(complaint.Version, RelayProgress.AnswerVersion(complaint));
    }

    [TestMethod]
    public void AwaitsDelivery_AlreadyDeliveredOrFailed_False()
    {
        var delivered = ComplaintFixture.InState(ComplaintState.Answered);
        var version = delivered.Version;
        ComplaintFixture.MustSucceed(delivered.RecordRelayDelivered("a:chat", "1", Later));
        var failed = ComplaintFixture.InState(ComplaintState.Answered);
        ComplaintFixture.MustSucceed(failed.RecordRelayFailed("no way", Later));

        Assert.IsFalse(RelayProgress.AwaitsDelivery(delivered, version));
        Assert.IsFalse(RelayProgress.AwaitsDelivery(failed, version));
        Assert.IsTrue(RelayProgress.AwaitsCopy(delivered, version), "another listed CM still gets their copy");
        Assert.IsTrue(RelayProgress.AwaitsCopy(failed, version));
    }

    [TestMethod]
    public void AwaitsDelivery_WithdrawnOrDecided_False()
    {
        var withdrawn = ComplaintFixture.InState(ComplaintState.Answered);
        var version = withdrawn.Version;
        ComplaintFixture.MustSucceed(withdrawn.Reopen(ComplaintFixture.Ana, null, Later));
        var closed = ComplaintFixture.InState(ComplaintState.Closed);

        Assert.IsFalse(RelayProgress.AwaitsDelivery(withdrawn, version));
        Assert.IsFalse(RelayProgress.AwaitsCopy(withdrawn, version));
        Assert.IsFalse(RelayProgress.AwaitsDelivery(closed, version));
    }

    [TestMethod]
    public void IsCurrentAnswer_ItemOfAnEarlierAnswer_False()
    {
        var complaint = ComplaintFixture.InState(ComplaintState.Answered);
        var first = complaint.Version;
        ComplaintFixture.MustSucceed(complaint.SendBack(ComplaintFixture.Cm, "Shorter", Later));
        ComplaintFixture.MustSucceed(complaint.Resolve(ComplaintFixture.Ana, "Refunded.", Later.AddMinutes(1)));

        Assert.IsFalse(RelayProgress.IsCurrentAnswer(complaint, first));
        Assert.IsFalse(RelayProgress.AwaitsDelivery(complaint, first), "the newer relay item delivers the newer answer");
        Assert.IsTrue(RelayProgress.AwaitsDelivery(complaint, complaint.Version));
    }

    [TestMethod]
    public void IsCurrentAnswer_NeverAnswered_False() =>
        Assert.IsFalse(RelayProgress.IsCurrentAnswer(ComplaintFixture.InState(ComplaintState.Claimed), null));

    [TestMethod]
    [DataRow("19:billing@thread.tacv2;messageid=17", true)]
    [DataRow("19:billing@thread.tacv2", false)]
    [DataRow("19:meeting_abc@thread.v2", false)]
    [DataRow("a:1personal-chat", false)]
    public void IsChannelThread_Conversation_OnlyAThreadOfAChannel(string conversationId, bool expected) =>
        Assert.AreEqual(expected, RelayDeliveries.IsChannelThread(conversationId));

    [TestMethod]
    public void IsAnswerOnCard_ExactVersionOnly()
    {
        var complaint = ComplaintFixture.InState(ComplaintState.Answered);
        var answer = complaint.Version;
        ComplaintFixture.MustSucceed(complaint.RecordRelayDelivered("a:chat", "1", Later));

        Assert.IsTrue(RelayProgress.IsAnswerOnCard(complaint, answer));
        Assert.IsFalse(RelayProgress.IsAnswerOnCard(complaint, answer - 1), "a card of an earlier version");
        Assert.IsFalse(RelayProgress.IsAnswerOnCard(complaint, answer + 1), "a version after the answer is no card of it");
        Assert.IsFalse(RelayProgress.IsAnswerOnCard(ComplaintFixture.InState(ComplaintState.Claimed), answer), "no answer at all");
    }
}
