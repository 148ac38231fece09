using TeamsEscalationBot.Cards;
using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Features.Relay;
using TeamsEscalationBot.Features.TeamsIntake;
using TeamsEscalationBot.Localization;
using static TeamsEscalationBot.UnitTests.Cards.CardFixture;
using static TeamsEscalationBot.UnitTests.Domain.ComplaintFixture;

namespace TeamsEscalationBot.UnitTests.Cards;

/// <summary>The limits as people meet them on cards: links the intake form refuses, the refusal notices, and notices within the budget.</summary>
[TestClass]
public sealed class CardLimitsTests
{
    [TestMethod]
    [DataRow("https://x.com@evil.example/a", nameof(IntakeProblem.LinkUserInfo))]
    [DataRow("https://user:secret@x.com/status/1", nameof(IntakeProblem.LinkUserInfo))]
    [DataRow("www.example", nameof(IntakeProblem.LinkInvalid))]
    public void Validate_BadLink_TheLinksProblem(string link, string problem)
    {
        var expected = Enum.Parse<IntakeProblem>(problem);
        var values = new IntakeValues { Text = "They charged me twice", Link = link };

        Assert.AreSequenceEqual([expected], values.Validate(Departments));
        Assert.IsNull(values.ParsedLink);
    }

    [TestMethod]
    public void Validate_LinkOverTheUrlLimit_LinkTooLongWithoutParsingIt()
    {
        var values = new IntakeValues { Text = "They charged me twice", Link = "https://x.com/" + new string('7', 26_000) };

        Assert.AreSequenceEqual([IntakeProblem.LinkTooLong], values.Validate(Departments));
        Assert.AreEqual(IntakeProblem.LinkTooLong, values.LinkProblem);
    }

    [TestMethod]
    public void Form_EveryFieldFarOverItsLimit_WithinBudgetLinkLeftOutOthersCut()
    {
        var huge = new string('x', 26_000);
        var values = new IntakeValues { Text = huge, Link = "https://x.com/" + huge, AuthorHandle = huge, Category = huge, Network = huge, Priority = huge, DepartmentId = huge };

        var card = IntakeCards.Form("en-US", Departments, values, values.Validate(Departments));

        Assert.IsLessThanOrEqualTo(CardBudget.MaxBytes, Utf8Size(card));
        var json = Json(card);
        Assert.IsNull(Input(json, CardInputs.IntakeLink)["value"]);
        Assert.AreEqual(ComplaintLimits.MaxShortFieldLength, Input(json, CardInputs.IntakeAuthor)["value"]!.GetValue<string>().Length);
        Assert.Contains("• The link can have at most 2048 characters: paste the post's own address.", AllText(card));
    }

    [TestMethod]
    [DataRow("en", RefusalCode.TooManyNotes, "This complaint already has 200 notes, the most it can hold. Put what still matters in the answer draft.")]
    [DataRow("es", RefusalCode.TooManyNotes, "Esta queja ya tiene 200 notas, el máximo que admite. Pon lo que aún importe en el borrador de la respuesta.")]
    [DataRow("en", RefusalCode.HistoryFull, "This complaint's history is full (1000 entries): it can only be resolved or accepted now.")]
    [DataRow("en", RefusalCode.TextTooLong, "The text is too long (at most 4000 characters).")]
    public void FromRefusal_LimitReached_SaysWhichLimit(string locale, RefusalCode code, string expected)
    {
        var limit = code switch { RefusalCode.TooManyNotes => 200, RefusalCode.HistoryFull => 1_000, _ => 4_000 };
        var refusal = new Refusal(code, "reason", ComplaintState.Open) { Limit = limit };

        var notice = CardNotices.FromRefusal(refusal, Texts.For(locale), Departments);

        Assert.AreEqual(expected, notice.Text);
    }

    [TestMethod]
    public void RelayCard_LongestAnswerWithANotice_NoticeOnTopAndWithinBudget()
    {
        var complaint = Received(Submission(text: new string('中', ComplaintLimits.MaxComplaintTextLength)));
        MustSucceed(complaint.RecordCardPosted(Card(Billing), Start));
        MustSucceed(complaint.Claim(Ana, Start));
        MustSucceed(complaint.Resolve(Ana, string.Concat(Enumerable.Repeat("😀", ComplaintLimits.MaxTextLength / 2)), Start));
        var notice = new CardNotice(string.Concat(Enumerable.Repeat("😀", 400)), CardNoticeKind.Warning);

        var card = new RelayCardBuilder(Clock).Build(complaint, "en-US", Now, Departments, notice);

        Assert.IsLessThanOrEqualTo(CardBudget.MaxBytes, Utf8Size(card));
        Assert.AreEqual("Warning", Json(card)["body"]![0]!["style"]!.GetValue<string>());
    }
}
