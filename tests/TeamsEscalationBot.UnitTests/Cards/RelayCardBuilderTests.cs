using TeamsEscalationBot.Cards;
using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Features.Relay;
using static TeamsEscalationBot.UnitTests.Cards.CardFixture;
using static TeamsEscalationBot.UnitTests.Domain.ComplaintFixture;

namespace TeamsEscalationBot.UnitTests.Cards;

[TestClass]
public sealed class RelayCardBuilderTests
{
    private static readonly RelayCardBuilder Builder = new(Clock);

    [TestMethod]
    public void Build_Answered_AnswerToCopyWhoAndWhenAcceptAndSendBack()
    {
        var complaint = InState(ComplaintState.Answered);

        var card = Builder.Build(complaint, "en-US", Now, Departments);

        var json = Json(card);
        Assert.AreEqual("We are refunding you today.", Input(json, CardInputs.RelayAnswerCopy)["value"]!.GetValue<string>());
        Assert.IsTrue(Typed(json).Any(o => TypeOf(o) == "TextRun" && o["text"]!.GetValue<string>() == "We are refunding you today."));
        Assert.Contains("Answered by Ana Ruiz (Billing), 09:03", AllText(card));
        Assert.AreSequenceEqual([CardVerbs.RelayAccept, CardVerbs.RelaySendBack], Verbs(card));
        Assert.IsTrue(Input(json, CardInputs.RelayComment)["isRequired"]!.GetValue<bool>());
        foreach (var action in Executes(json))
        {
            Assert.AreEqual(complaint.Version, action["data"]!["version"]!.GetValue<long>());
            Assert.AreEqual(complaint.Id, action["data"]!["complaintId"]!.GetValue<string>());
        }
    }

    [TestMethod]
    public void Build_Accepted_ShowsTheOutcomeWithoutButtons()
    {
        var card = Builder.Build(InState(ComplaintState.Closed), "es-ES", Now, Departments);

        Assert.IsNull(card.Actions);
        Assert.Contains("Aceptaste esta respuesta, 09:04.", AllText(card));
        Assert.Contains("We are refunding you today.", AllText(card));
    }

    [TestMethod]
    public void Build_SentBack_ShowsTheCommentWithoutButtons()
    {
        var complaint = InState(ComplaintState.Answered);
        MustSucceed(complaint.SendBack(Cm, "Too formal, please", Start.AddMinutes(20)));

        var card = Builder.Build(complaint, "en", Now, Departments);

        Assert.IsNull(card.Actions);
        var text = AllText(card);
        Assert.Contains("You sent this answer back, 09:20:", text);
        Assert.Contains("Too formal, please", text);
        Assert.DoesNotContain("We are refunding you today.", text);
    }

    [TestMethod]
    public void Build_WithdrawnByTheDepartment_SaysSoWithoutButtons()
    {
        var complaint = InState(ComplaintState.Answered);
        MustSucceed(complaint.Reopen(Ana, null, Start.AddMinutes(20)));

        var card = Builder.Build(complaint, "en", Now, Departments);

        Assert.IsNull(card.Actions);
        Assert.Contains("The department withdrew this answer to revise it.", AllText(card));
    }

    [TestMethod]
    public void Build_AnsweredAgainAfterSendBack_OffersTheNewAnswer()
    {
        var complaint = InState(ComplaintState.Answered);
        MustSucceed(complaint.SendBack(Cm, "Too formal", Start.AddMinutes(20)));
        MustSucceed(complaint.Resolve(Ana, "Sorry! Refund sent today.", Start.AddMinutes(30)));

        var card = Builder.Build(complaint, "en", Now, Departments);

        Assert.AreEqual("Sorry! Refund sent today.", Input(Json(card), CardInputs.RelayAnswerCopy)["value"]!.GetValue<string>());
        Assert.HasCount(2, Verbs(card));
    }

    [TestMethod]
    public void Build_LongestAnswer_StaysUnder28KBWithTheWholeAnswerInTheCopyBox()
    {
        var answer = string.Concat(Enumerable.Repeat("Lamentamos el retraso, ya está en camino. ", 240))[..ComplaintLimits.MaxTextLength].TrimEnd();
        var complaint = Received(Submission(text: new string('é', ComplaintLimits.MaxComplaintTextLength)));
        MustSucceed(complaint.RecordCardPosted(Card(Billing), Start));
        MustSucceed(complaint.Claim(Ana, Start));
        MustSucceed(complaint.Resolve(Ana, answer, Start));

        var card = Builder.Build(complaint, "es", Now, Departments);

        Assert.IsLessThanOrEqualTo(CardBudget.MaxBytes, Utf8Size(card));
        Assert.AreEqual(answer, Input(Json(card), CardInputs.RelayAnswerCopy)["value"]!.GetValue<string>());
    }

    [TestMethod]
    public void Build_AnswerTooBigForAnyCard_ShortenedWithAWarning()
    {
        var complaint = InState(ComplaintState.Claimed);
        MustSucceed(complaint.Resolve(Ana, new string('中', ComplaintLimits.MaxTextLength), Start));

        var card = Builder.Build(complaint, "en", Now, Departments);

        Assert.IsLessThanOrEqualTo(CardBudget.MaxBytes, Utf8Size(card));
        Assert.Contains("This answer is too long for a card and was shortened.", AllText(card));
    }
}
