using TeamsEscalationBot.Cards;
using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Features.Complaints;
using static TeamsEscalationBot.UnitTests.Cards.CardFixture;
using static TeamsEscalationBot.UnitTests.Domain.ComplaintFixture;

namespace TeamsEscalationBot.UnitTests.Cards;

/// <summary>The complaint card drawn for each view: what an outsider, the requester and a former department may read.</summary>
[TestClass]
public sealed class ComplaintCardViewTests
{
    private const string BillingNote = "BILLING-NOTE only the department sees it";
    private const string MoveReason = "MOVE-REASON a shipping problem";
    private const string LogisticsNote = "LOGISTICS-NOTE internal";
    private const string LogisticsDraft = "LOGISTICS-DRAFT we will ship it again";
    private const string AgreedAnswer = "AGREED-ANSWER a new parcel leaves today";

    [TestMethod]
    public void Build_Outsider_OnlyIdStateAndDepartment()
    {
        var complaint = Worked(answered: true);

        var card = Builder.Build(complaint, View(ComplaintSight.Outsider));

        var text = AllText(card);
        Assert.Contains("c-1", text);
        Assert.Contains("Answered", text);
        Assert.Contains("Logistics", text);
        foreach (var hidden in new[] { "My invoice is wrong", "@angry_customer", "Ana Ruiz", "Luis Gómez", "Carla", BillingNote, MoveReason, LogisticsNote, AgreedAnswer })
        {
            Assert.DoesNotContain(hidden, Json(card).ToJsonString(), $"{hidden} is not for an outsider");
        }

        Assert.IsEmpty(Verbs(card));
        Assert.AreEqual(CardVerbs.Refresh, card.Refresh!.Action.Verb, "it still refreshes into a fuller view when there is one");
    }

    [TestMethod]
    public void Build_OutsiderBecauseTheDirectoryIsDown_TryAgainAsksForTheCardAgain()
    {
        var card = Builder.Build(Worked(), View(ComplaintSight.Outsider with { DirectoryUnavailable = true }) with
        {
            Notice = CardNotices.DirectoryUnavailable(Localization.Texts.For("en-US")),
        });

        Assert.AreSequenceEqual(new[] { CardVerbs.Refresh }, Verbs(card));
        Assert.StartsWith("The directory is not available right now", AllText(card));
        Assert.DoesNotContain("My invoice is wrong", AllText(card));
    }

    [TestMethod]
    public void Build_Requester_TextOwnerAndHistoryWithoutNotesDraftsOrReasons()
    {
        var card = Builder.Build(Worked(), View(ComplaintSight.Requester));

        var text = AllText(card);
        Assert.Contains("My invoice is wrong", text);
        Assert.Contains("Luis Gómez", text, "the owner's name");
        Assert.IsTrue(text.Split('\n').Any(l => l.StartsWith("Reassigned to Logistics by Ana Ruiz, ", StringComparison.Ordinal) && !l.Contains(": ", StringComparison.Ordinal)),
            "the move, without its reason: " + text);
        foreach (var hidden in new[] { BillingNote, MoveReason, LogisticsNote, LogisticsDraft, "Note by", "drafted" })
        {
            Assert.DoesNotContain(hidden, text);
        }
    }

    [TestMethod]
    public void Build_RequesterOfAnAnsweredComplaint_TheAgreedAnswer()
    {
        var card = Builder.Build(Worked(answered: true), View(ComplaintSight.Requester));

        Assert.Contains(AgreedAnswer, AllText(card));
    }

    [TestMethod]
    public void Build_RequesterEvenWithAnOwnersRole_NoActions()
    {
        var owner = new CardViewer(Luis.Id, Luis.DisplayName, CardViewerRole.Owner);

        var card = Builder.Build(Worked(), Context(owner) with { Sight = ComplaintSight.Requester });

        Assert.IsEmpty(Verbs(card), "only a department view acts");
    }

    [TestMethod]
    public void Build_FormerDepartment_UpToTheMoveOutNothingLater()
    {
        var card = Builder.Build(Worked(answered: true), View(ComplaintSight.FormerDepartment([Billing])));

        var text = AllText(card);
        Assert.Contains("My invoice is wrong", text);
        Assert.Contains(BillingNote, text, "their own note");
        Assert.Contains(MoveReason, text, "why it left them");
        foreach (var hidden in new[] { LogisticsNote, LogisticsDraft, AgreedAnswer, "Luis Gómez" })
        {
            Assert.DoesNotContain(hidden, text);
        }

        Assert.IsEmpty(Verbs(card));
    }

    [TestMethod]
    public void Build_OldChannelCardOfTheFormerDepartment_MovedAndNothingLater()
    {
        var card = Builder.Build(Worked(), Context(CardViewer.Channel) with { Sight = ComplaintSight.FormerDepartment([Billing]), CardDepartmentId = Billing });

        var text = AllText(card);
        Assert.Contains("This complaint has moved to Logistics.", text);
        Assert.DoesNotContain(LogisticsNote, text);
        Assert.IsEmpty(Verbs(card));
    }

    [TestMethod]
    public void Build_Department_Everything()
    {
        var text = AllText(Builder.Build(Worked(), Context(Member)));

        foreach (var shown in new[] { BillingNote, MoveReason, LogisticsNote, LogisticsDraft, "Luis Gómez" })
        {
            Assert.Contains(shown, text);
        }
    }

    [TestMethod]
    public void History_Requester_NoNotesOrDraftsAndNoTextButTheSendBackComment()
    {
        var complaint = Worked(answered: true);
        MustSucceed(complaint.SendBack(Cm, "Warmer, please.", Start.AddHours(2)));

        var history = ComplaintSight.Requester.History(complaint);

        Assert.IsFalse(history.Any(e => e.Kind is ComplaintEventKind.NoteAdded or ComplaintEventKind.DraftSaved));
        Assert.IsTrue(history.Where(e => e.Kind != ComplaintEventKind.SentBack).All(e => e.Note is null));
        Assert.AreEqual("Warmer, please.", history.Single(e => e.Kind == ComplaintEventKind.SentBack).Note);
    }

    [TestMethod]
    public void History_FormerDepartment_EndsWithTheLastMoveOutOfIt()
    {
        var complaint = Worked();

        var history = ComplaintSight.FormerDepartment([Billing]).History(complaint);

        Assert.AreEqual(ComplaintEventKind.Reassigned, history[^1].Kind);
        Assert.AreEqual(Billing, history[^1].FromDepartmentId);
        Assert.IsEmpty(ComplaintSight.FormerDepartment([Logistics]).History(complaint), "it never left Logistics");
        Assert.IsEmpty(ComplaintSight.Outsider.History(complaint));
    }

    [TestMethod]
    public void FormatAuditLine_ReassignedWithoutItsReason_NoDanglingColon()
    {
        var formatter = new AuditLineFormatter(Clock);
        var moved = Worked().History.Single(e => e.Kind == ComplaintEventKind.Reassigned) with { Note = null };

        Assert.AreEqual("Reassigned to Logistics by Ana Ruiz, 09:03", formatter.Format(moved, Localization.Texts.For("en-US"), Departments));
        Assert.AreEqual("Reasignada a Logistics por Ana Ruiz, 09:03", formatter.Format(moved, Localization.Texts.For("es-ES"), Departments));
    }

    /// <summary>
    /// Billing: Ana claims, notes and moves it to Logistics with a reason; Logistics: its card posted, Luis claims, notes
    /// and drafts, and answers when told to. Carla asked for it.
    /// </summary>
    internal static Complaint Worked(bool answered = false)
    {
        var complaint = InState(ComplaintState.Open);
        MustSucceed(complaint.Claim(Ana, Start.AddMinutes(2)));
        MustSucceed(complaint.AddNote(Ana, BillingNote, Start.AddMinutes(2)));
        MustSucceed(complaint.Reassign(Ana, Logistics, MoveReason, Start.AddMinutes(3)));
        MustSucceed(complaint.RecordCardPosted(Card(Logistics, 2), Start.AddMinutes(4)));
        MustSucceed(complaint.Claim(Luis, Start.AddMinutes(5)));
        MustSucceed(complaint.AddNote(Luis, LogisticsNote, Start.AddMinutes(6)));
        MustSucceed(complaint.SaveDraft(Luis, LogisticsDraft, Start.AddMinutes(7)));
        if (answered)
        {
            MustSucceed(complaint.Resolve(Luis, AgreedAnswer, Start.AddMinutes(8)));
        }

        return complaint;
    }

    private static ComplaintCardContext View(ComplaintSight sight) => Context(Outsider) with { Sight = sight };
}
