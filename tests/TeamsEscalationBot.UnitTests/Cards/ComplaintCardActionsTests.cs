using TeamsEscalationBot.Cards;
using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Features.Complaints;
using static TeamsEscalationBot.UnitTests.Cards.CardFixture;
using static TeamsEscalationBot.UnitTests.Domain.ComplaintFixture;

namespace TeamsEscalationBot.UnitTests.Cards;

/// <summary>Which buttons each state × role gets: the table in docs/cards.md, checked on the table and on the built card.</summary>
[TestClass]
public sealed class ComplaintCardActionsTests
{
    private const string OpenVerbs = "complaint.claim complaint.assign complaint.note complaint.reassign";
    private const string ClaimedOwnerVerbs = "complaint.draft complaint.resolve complaint.assign complaint.note complaint.reassign complaint.unclaim";
    private const string ClaimedMemberVerbs = "complaint.assign complaint.note complaint.reassign";
    private const string AnsweredVerbs = "complaint.reopen complaint.note";
    private const string ClosedVerbs = "complaint.reopen";

    [TestMethod]
    [DataRow(ComplaintState.Received, nameof(CardViewerRole.DepartmentMember), "")]
    [DataRow(ComplaintState.Received, nameof(CardViewerRole.Owner), "")]
    [DataRow(ComplaintState.Received, nameof(CardViewerRole.Channel), "")]
    [DataRow(ComplaintState.Received, nameof(CardViewerRole.ReadOnly), "")]
    [DataRow(ComplaintState.Open, nameof(CardViewerRole.DepartmentMember), OpenVerbs)]
    [DataRow(ComplaintState.Open, nameof(CardViewerRole.Owner), OpenVerbs)]
    [DataRow(ComplaintState.Open, nameof(CardViewerRole.Channel), OpenVerbs)]
    [DataRow(ComplaintState.Open, nameof(CardViewerRole.ReadOnly), "")]
    [DataRow(ComplaintState.Claimed, nameof(CardViewerRole.DepartmentMember), ClaimedMemberVerbs)]
    [DataRow(ComplaintState.Claimed, nameof(CardViewerRole.Owner), ClaimedOwnerVerbs)]
    [DataRow(ComplaintState.Claimed, nameof(CardViewerRole.Channel), ClaimedOwnerVerbs)]
    [DataRow(ComplaintState.Claimed, nameof(CardViewerRole.ReadOnly), "")]
    [DataRow(ComplaintState.Answered, nameof(CardViewerRole.DepartmentMember), AnsweredVerbs)]
    [DataRow(ComplaintState.Answered, nameof(CardViewerRole.Owner), AnsweredVerbs)]
    [DataRow(ComplaintState.Answered, nameof(CardViewerRole.Channel), AnsweredVerbs)]
    [DataRow(ComplaintState.Answered, nameof(CardViewerRole.ReadOnly), "")]
    [DataRow(ComplaintState.Closed, nameof(CardViewerRole.DepartmentMember), ClosedVerbs)]
    [DataRow(ComplaintState.Closed, nameof(CardViewerRole.Owner), ClosedVerbs)]
    [DataRow(ComplaintState.Closed, nameof(CardViewerRole.Channel), ClosedVerbs)]
    [DataRow(ComplaintState.Closed, nameof(CardViewerRole.ReadOnly), "")]
    public void Build_StateAndRole_OffersTheTablesButtons(ComplaintState state, string roleName, string expected)
    {
        var role = Enum.Parse<CardViewerRole>(roleName);
        var complaint = InState(state);
        var effective = ComplaintCardActions.EffectiveRole(complaint, ViewerFor(role));

        var card = Build(complaint, role);

        var verbs = expected.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        CollectionAssert.AreEqual(verbs, ComplaintCardActions.For(state, effective).ToArray());
        CollectionAssert.AreEqual(verbs, Verbs(card).ToArray());
        Assert.AreEqual(verbs.Length == 0, card.Actions is null);
    }

    [TestMethod]
    [DataRow(nameof(CardViewerRole.DepartmentMember))]
    [DataRow(nameof(CardViewerRole.Owner))]
    [DataRow(nameof(CardViewerRole.Channel))]
    [DataRow(nameof(CardViewerRole.ReadOnly))]
    public void Build_ReassignedAwayCard_HasNoActionsAndSaysWhereItWent(string roleName)
    {
        var role = Enum.Parse<CardViewerRole>(roleName);
        var complaint = ReassignedToLogistics();

        var card = Builder.Build(complaint, Context(ViewerFor(role)) with { CardDepartmentId = Billing });

        Assert.IsNull(card.Actions);
        Assert.IsEmpty(Verbs(card));
        var text = AllText(card);
        Assert.Contains("This complaint has moved to Logistics.", text);
        Assert.Contains("Reassigned to Logistics by Ana Ruiz, 09:06: Shipping problem, not billing", text);
    }

    [TestMethod]
    public void Build_ReassignedComplaintInItsNewDepartment_WaitsForItsCardWithoutActions()
    {
        var complaint = ReassignedToLogistics();

        var card = Builder.Build(complaint, Context(Member) with { CardDepartmentId = Logistics });

        Assert.IsNull(card.Actions);
        Assert.Contains("Waiting for its card to be posted in the Logistics channel.", AllText(card));
        Assert.DoesNotContain("has moved", AllText(card));
    }

    [TestMethod]
    [DataRow(ComplaintState.Open)]
    [DataRow(ComplaintState.Claimed)]
    [DataRow(ComplaintState.Answered)]
    public void Build_ReadOnly_HasNoActionsAndSaysWhy(ComplaintState state)
    {
        var card = Build(InState(state), CardViewerRole.ReadOnly);

        Assert.IsNull(card.Actions);
        Assert.Contains("You are not a member of Billing, so you can't act on this complaint.", AllText(card));
    }

    [TestMethod]
    public void EffectiveRole_MemberWhoOwnsIt_IsOwner()
    {
        var complaint = InState(ComplaintState.Claimed);

        var role = ComplaintCardActions.EffectiveRole(complaint, OwnerAna with { Role = CardViewerRole.DepartmentMember });

        Assert.AreEqual(CardViewerRole.Owner, role);
    }

    [TestMethod]
    public void EffectiveRole_OwnerRoleForSomeoneElse_IsMember()
    {
        var complaint = InState(ComplaintState.Claimed);

        var role = ComplaintCardActions.EffectiveRole(complaint, Member with { Role = CardViewerRole.Owner });

        Assert.AreEqual(CardViewerRole.DepartmentMember, role);
    }

    [TestMethod]
    public void Offers_ResolveForMemberOfClaimedComplaint_False()
    {
        var complaint = InState(ComplaintState.Claimed);

        Assert.IsFalse(ComplaintCardActions.Offers(complaint, Member, CardVerbs.Resolve));
        Assert.IsTrue(ComplaintCardActions.Offers(complaint, OwnerAna, CardVerbs.Resolve));
    }
}
