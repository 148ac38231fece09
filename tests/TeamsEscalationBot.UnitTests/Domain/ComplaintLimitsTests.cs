using TeamsEscalationBot.Domain.Complaints;
using static TeamsEscalationBot.UnitTests.Domain.ComplaintFixture;

namespace TeamsEscalationBot.UnitTests.Domain;

/// <summary>
/// What one complaint can collect is bounded: notes (count and length), reasons and comments, and the history as a
/// whole; past the history's limit only resolving and accepting remain. Links with a user name are refused.
/// </summary>
[TestClass]
public sealed class ComplaintLimitsTests
{
    private static readonly DateTimeOffset Later = Start.AddHours(1);

    [TestMethod]
    public void AddNote_AtTheNoteLimit_Added()
    {
        var complaint = InState(ComplaintState.Open);

        MustSucceed(complaint.AddNote(Ana, new string('n', ComplaintLimits.MaxNoteLength), Later));

        Assert.AreEqual(4_000, ComplaintLimits.MaxNoteLength);
    }

    [TestMethod]
    public void AddNote_OneOverTheNoteLimit_RefusedTextTooLongNamingTheLimit()
    {
        var complaint = InState(ComplaintState.Open);
        var before = Json(complaint);

        var refusal = MustRefuse(complaint.AddNote(Ana, new string('n', 4_001), Later));

        Assert.AreEqual(RefusalCode.TextTooLong, refusal.Code);
        Assert.AreEqual(4_000, refusal.Limit);
        StringAssert.Contains(refusal.Reason, "4000");
        Assert.AreEqual(before, Json(complaint), "nothing changed");
    }

    [TestMethod]
    public void AddNote_TwoHundredNotesAlready_RefusedTooManyNotesAndNothingChanges()
    {
        var complaint = InState(ComplaintState.Open);
        for (var i = 0; i < ComplaintLimits.MaxNotes; i++)
        {
            MustSucceed(complaint.AddNote(Ana, $"note {i}", Later));
        }

        var before = Json(complaint);
        var refusal = MustRefuse(complaint.AddNote(Ana, "one more", Later));

        Assert.AreEqual(RefusalCode.TooManyNotes, refusal.Code);
        Assert.AreEqual(200, refusal.Limit);
        Assert.AreEqual(before, Json(complaint));
        MustSucceed(complaint.Claim(Ana, Later));
    }

    [TestMethod]
    public void ReasonsAndComments_OverTheNoteLimit_RefusedTextTooLong()
    {
        var tooLong = new string('r', ComplaintLimits.MaxNoteLength + 1);
        var open = InState(ComplaintState.Open);
        var answered = InState(ComplaintState.Answered);
        var closed = InState(ComplaintState.Closed);

        Assert.AreEqual(RefusalCode.TextTooLong, MustRefuse(open.Reassign(Ana, Logistics, tooLong, Later)).Code);
        Assert.AreEqual(RefusalCode.TextTooLong, MustRefuse(answered.SendBack(Cm, tooLong, Later)).Code);
        Assert.AreEqual(RefusalCode.TextTooLong, MustRefuse(closed.Reopen(Ana, tooLong, Later)).Code);
    }

    [TestMethod]
    public void SaveDraft_AnswerLongerThanANoteButWithinTheAnswerLimit_Saved()
    {
        var complaint = InState(ComplaintState.Claimed);

        MustSucceed(complaint.SaveDraft(Ana, new string('a', ComplaintLimits.MaxTextLength), Later));
        var refusal = MustRefuse(complaint.SaveDraft(Ana, new string('a', ComplaintLimits.MaxTextLength + 1), Later));

        Assert.AreEqual(ComplaintLimits.MaxTextLength, refusal.Limit);
    }

    [TestMethod]
    public void HistoryFull_ClaimUnclaimLoop_OnlyResolveAndAcceptRemain()
    {
        var complaint = InState(ComplaintState.Open);
        while (complaint.History.Count < ComplaintLimits.MaxHistoryEvents - 1)
        {
            MustSucceed(complaint.State == ComplaintState.Open ? complaint.Claim(Ana, Later) : complaint.Unclaim(Ana, Later));
        }

        if (complaint.State == ComplaintState.Open)
        {
            MustSucceed(complaint.Claim(Ana, Later));
        }
        else
        {
            MustSucceed(complaint.SaveDraft(Ana, "Almost there.", Later));
        }

        Assert.AreEqual(ComplaintLimits.MaxHistoryEvents, complaint.History.Count);
        var full = MustRefuse(complaint.AddNote(Ana, "one more", Later));
        Assert.AreEqual(RefusalCode.HistoryFull, full.Code);
        Assert.AreEqual(1_000, full.Limit);
        Assert.AreEqual(RefusalCode.HistoryFull, MustRefuse(complaint.Unclaim(Ana, Later)).Code);
        Assert.AreEqual(RefusalCode.HistoryFull, MustRefuse(complaint.Assign(Ana, new Person("aad-pia", "Pía Soto"), Later)).Code);
        Assert.AreEqual(RefusalCode.HistoryFull, MustRefuse(complaint.SaveDraft(Ana, "draft", Later)).Code);

        MustSucceed(complaint.Resolve(Ana, "We refunded you.", Later));
        MustSucceed(complaint.RecordRelayDelivered("a:cm", "relay-1", Later));
        MustSucceed(complaint.Accept(Cm, Later));
        Assert.AreEqual(ComplaintState.Closed, complaint.State);
        Assert.AreEqual(RefusalCode.HistoryFull, MustRefuse(complaint.Reopen(Ana, null, Later)).Code);
    }

    [TestMethod]
    [DataRow("https://x.com@evil.example/a")]
    [DataRow("https://user:secret@x.com/status/1")]
    public void Validate_LinksWithUserInfo_RefusedNamingTheField(string url)
    {
        var submission = Submission() with { PostUrl = new Uri(url), CallbackUrl = new Uri(url) };

        var errors = submission.Validate();

        CollectionAssert.AreEquivalent(new[] { "postUrl", "callbackUrl" }, errors.Select(e => e.Field).ToList());
        Assert.IsTrue(errors.All(e => e.Message.Contains("user name or password", StringComparison.Ordinal)));
        Assert.IsTrue(ComplaintSubmission.HasUserInfo(new Uri(url)));
        Assert.IsFalse(ComplaintSubmission.HasUserInfo(new Uri("https://x.com/a@b")));
    }
}
