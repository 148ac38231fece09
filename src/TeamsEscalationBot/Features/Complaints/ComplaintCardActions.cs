using TeamsEscalationBot.Cards;
using TeamsEscalationBot.Domain.Complaints;
using static TeamsEscalationBot.Cards.CardVerbs;

namespace TeamsEscalationBot.Features.Complaints;

/// <summary>
/// Which complaint actions a viewer gets, by state and role: the domain's transition table (docs/domain.md) narrowed
/// to what each role should use. Draft and Resolve share one "Answer" form. See docs/cards.md for the table.
/// </summary>
internal static class ComplaintCardActions
{
    private static readonly string[] None = [];
    private static readonly string[] OpenActions = [Claim, Assign, Note, Reassign];
    private static readonly string[] ClaimedOwnerActions = [Draft, Resolve, Assign, Note, Reassign, Unclaim];
    private static readonly string[] ClaimedMemberActions = [Assign, Note, Reassign];
    private static readonly string[] AnsweredActions = [Reopen, Note];
    private static readonly string[] ClosedActions = [Reopen];

    /// <summary>
    /// The verbs offered, in button order. Received has none (the card is not posted yet, or the complaint left this
    /// department); ReadOnly has none; the channel card offers what the owner may do, since any member may see it.
    /// </summary>
    public static IReadOnlyList<string> For(ComplaintState state, CardViewerRole role) => (state, role) switch
    {
        (_, CardViewerRole.ReadOnly) => None,
        (ComplaintState.Open, _) => OpenActions,
        (ComplaintState.Claimed, CardViewerRole.DepartmentMember) => ClaimedMemberActions,
        (ComplaintState.Claimed, _) => ClaimedOwnerActions,
        (ComplaintState.Answered, _) => AnsweredActions,
        (ComplaintState.Closed, _) => ClosedActions,
        _ => None,
    };

    /// <summary>
    /// The role that applies: a member who owns the complaint is its Owner, and an "Owner" who does not own it (any more)
    /// is a plain member. ReadOnly and Channel stay as they are.
    /// </summary>
    public static CardViewerRole EffectiveRole(Complaint complaint, CardViewer viewer)
    {
        ArgumentNullException.ThrowIfNull(complaint);
        ArgumentNullException.ThrowIfNull(viewer);
        if (viewer.Role is CardViewerRole.ReadOnly or CardViewerRole.Channel)
        {
            return viewer.Role;
        }

        var owns = complaint.Owner is not null
            && string.Equals(complaint.Owner.AadObjectId, viewer.AadObjectId, StringComparison.OrdinalIgnoreCase);
        return owns ? CardViewerRole.Owner : CardViewerRole.DepartmentMember;
    }

    /// <summary>True when the viewer's card offers <paramref name="verb"/> for the complaint as it is now.</summary>
    public static bool Offers(Complaint complaint, CardViewer viewer, string verb) =>
        For(complaint.State, EffectiveRole(complaint, viewer)).Contains(verb, StringComparer.Ordinal);
}
