using TeamsEscalationBot.Domain.Complaints;
using static TeamsEscalationBot.UnitTests.Domain.ComplaintFixture;

namespace TeamsEscalationBot.UnitTests.Domain;

public enum Operation
{
    RecordCardPosted,
    RecordCardPostFailed,
    Claim,
    Unclaim,
    Assign,
    Reassign,
    AddNote,
    SaveDraft,
    Resolve,
    Accept,
    SendBack,
    Reopen,
    RecordRelayDelivered,
    RecordRelayFailed,
    RecordCallbackDelivered,
    RecordCallbackFailed,
}

/// <summary>Every operation in every state, against the table in docs/domain.md.</summary>
[TestClass]
public sealed class ComplaintTransitionTableTests
{
    private sealed record Expected(ComplaintState? ToState, ComplaintEventKind? Kind, RefusalCode? Refusal)
    {
        public static Expected Goes(ComplaintState to, ComplaintEventKind kind) => new(to, kind, null);

        public static Expected Refused(RefusalCode code) => new(null, null, code);
    }

    private static readonly Expected Illegal = Expected.Refused(RefusalCode.IllegalTransition);

    // Written out in full on purpose: it is the specification, independent of the implementation.
    private static readonly Dictionary<(ComplaintState, Operation), Expected> Table = new()
    {
        [(ComplaintState.Received, Operation.RecordCardPosted)] = Expected.Goes(ComplaintState.Open, ComplaintEventKind.CardPosted),
        [(ComplaintState.Received, Operation.RecordCardPostFailed)] = Expected.Goes(ComplaintState.Received, ComplaintEventKind.CardPostFailed),
        [(ComplaintState.Received, Operation.Claim)] = Illegal,
        [(ComplaintState.Received, Operation.Unclaim)] = Illegal,
        [(ComplaintState.Received, Operation.Assign)] = Illegal,
        [(ComplaintState.Received, Operation.Reassign)] = Illegal,
        [(ComplaintState.Received, Operation.AddNote)] = Expected.Goes(ComplaintState.Received, ComplaintEventKind.NoteAdded),
        [(ComplaintState.Received, Operation.SaveDraft)] = Illegal,
        [(ComplaintState.Received, Operation.Resolve)] = Illegal,
        [(ComplaintState.Received, Operation.Accept)] = Illegal,
        [(ComplaintState.Received, Operation.SendBack)] = Illegal,
        [(ComplaintState.Received, Operation.Reopen)] = Illegal,
        [(ComplaintState.Received, Operation.RecordRelayDelivered)] = Illegal,
        [(ComplaintState.Received, Operation.RecordRelayFailed)] = Illegal,
        [(ComplaintState.Received, Operation.RecordCallbackDelivered)] = Expected.Goes(ComplaintState.Received, ComplaintEventKind.CallbackDelivered),
        [(ComplaintState.Received, Operation.RecordCallbackFailed)] = Expected.Goes(ComplaintState.Received, ComplaintEventKind.CallbackFailed),

        [(ComplaintState.Open, Operation.RecordCardPosted)] = Illegal,
        [(ComplaintState.Open, Operation.RecordCardPostFailed)] = Illegal,
        [(ComplaintState.Open, Operation.Claim)] = Expected.Goes(ComplaintState.Claimed, ComplaintEventKind.Claimed),
        [(ComplaintState.Open, Operation.Unclaim)] = Illegal,
        [(ComplaintState.Open, Operation.Assign)] = Expected.Goes(ComplaintState.Claimed, ComplaintEventKind.Assigned),
        [(ComplaintState.Open, Operation.Reassign)] = Expected.Goes(ComplaintState.Received, ComplaintEventKind.Reassigned),
        [(ComplaintState.Open, Operation.AddNote)] = Expected.Goes(ComplaintState.Open, ComplaintEventKind.NoteAdded),
        [(ComplaintState.Open, Operation.SaveDraft)] = Illegal,
        [(ComplaintState.Open, Operation.Resolve)] = Illegal,
        [(ComplaintState.Open, Operation.Accept)] = Illegal,
        [(ComplaintState.Open, Operation.SendBack)] = Illegal,
        [(ComplaintState.Open, Operation.Reopen)] = Illegal,
        [(ComplaintState.Open, Operation.RecordRelayDelivered)] = Illegal,
        [(ComplaintState.Open, Operation.RecordRelayFailed)] = Illegal,
        [(ComplaintState.Open, Operation.RecordCallbackDelivered)] = Expected.Goes(ComplaintState.Open, ComplaintEventKind.CallbackDelivered),
        [(ComplaintState.Open, Operation.RecordCallbackFailed)] = Expected.Goes(ComplaintState.Open, ComplaintEventKind.CallbackFailed),

        [(ComplaintState.Claimed, Operation.RecordCardPosted)] = Illegal,
        [(ComplaintState.Claimed, Operation.RecordCardPostFailed)] = Illegal,
        [(ComplaintState.Claimed, Operation.Claim)] = Expected.Refused(RefusalCode.AlreadyClaimed),
        [(ComplaintState.Claimed, Operation.Unclaim)] = Expected.Goes(ComplaintState.Open, ComplaintEventKind.Unclaimed),
        [(ComplaintState.Claimed, Operation.Assign)] = Expected.Goes(ComplaintState.Claimed, ComplaintEventKind.Assigned),
        [(ComplaintState.Claimed, Operation.Reassign)] = Expected.Goes(ComplaintState.Received, ComplaintEventKind.Reassigned),
        [(ComplaintState.Claimed, Operation.AddNote)] = Expected.Goes(ComplaintState.Claimed, ComplaintEventKind.NoteAdded),
        [(ComplaintState.Claimed, Operation.SaveDraft)] = Expected.Goes(ComplaintState.Claimed, ComplaintEventKind.DraftSaved),
        [(ComplaintState.Claimed, Operation.Resolve)] = Expected.Goes(ComplaintState.Answered, ComplaintEventKind.Resolved),
        [(ComplaintState.Claimed, Operation.Accept)] = Illegal,
        [(ComplaintState.Claimed, Operation.SendBack)] = Illegal,
        [(ComplaintState.Claimed, Operation.Reopen)] = Illegal,
        [(ComplaintState.Claimed, Operation.RecordRelayDelivered)] = Illegal,
        [(ComplaintState.Claimed, Operation.RecordRelayFailed)] = Illegal,
        [(ComplaintState.Claimed, Operation.RecordCallbackDelivered)] = Expected.Goes(ComplaintState.Claimed, ComplaintEventKind.CallbackDelivered),
        [(ComplaintState.Claimed, Operation.RecordCallbackFailed)] = Expected.Goes(ComplaintState.Claimed, ComplaintEventKind.CallbackFailed),

        [(ComplaintState.Answered, Operation.RecordCardPosted)] = Illegal,
        [(ComplaintState.Answered, Operation.RecordCardPostFailed)] = Illegal,
        [(ComplaintState.Answered, Operation.Claim)] = Illegal,
        [(ComplaintState.Answered, Operation.Unclaim)] = Illegal,
        [(ComplaintState.Answered, Operation.Assign)] = Illegal,
        [(ComplaintState.Answered, Operation.Reassign)] = Illegal,
        [(ComplaintState.Answered, Operation.AddNote)] = Expected.Goes(ComplaintState.Answered, ComplaintEventKind.NoteAdded),
        [(ComplaintState.Answered, Operation.SaveDraft)] = Illegal,
        [(ComplaintState.Answered, Operation.Resolve)] = Illegal,
        [(ComplaintState.Answered, Operation.Accept)] = Expected.Goes(ComplaintState.Closed, ComplaintEventKind.Accepted),
        [(ComplaintState.Answered, Operation.SendBack)] = Expected.Goes(ComplaintState.Claimed, ComplaintEventKind.SentBack),
        [(ComplaintState.Answered, Operation.Reopen)] = Expected.Goes(ComplaintState.Claimed, ComplaintEventKind.Reopened),
        [(ComplaintState.Answered, Operation.RecordRelayDelivered)] = Expected.Goes(ComplaintState.Answered, ComplaintEventKind.RelayDelivered),
        [(ComplaintState.Answered, Operation.RecordRelayFailed)] = Expected.Goes(ComplaintState.Answered, ComplaintEventKind.RelayFailed),
        [(ComplaintState.Answered, Operation.RecordCallbackDelivered)] = Expected.Goes(ComplaintState.Answered, ComplaintEventKind.CallbackDelivered),
        [(ComplaintState.Answered, Operation.RecordCallbackFailed)] = Expected.Goes(ComplaintState.Answered, ComplaintEventKind.CallbackFailed),

        [(ComplaintState.Closed, Operation.RecordCardPosted)] = Illegal,
        [(ComplaintState.Closed, Operation.RecordCardPostFailed)] = Illegal,
        [(ComplaintState.Closed, Operation.Claim)] = Illegal,
        [(ComplaintState.Closed, Operation.Unclaim)] = Illegal,
        [(ComplaintState.Closed, Operation.Assign)] = Illegal,
        [(ComplaintState.Closed, Operation.Reassign)] = Illegal,
        [(ComplaintState.Closed, Operation.AddNote)] = Illegal,
        [(ComplaintState.Closed, Operation.SaveDraft)] = Illegal,
        [(ComplaintState.Closed, Operation.Resolve)] = Illegal,
        [(ComplaintState.Closed, Operation.Accept)] = Illegal,
        [(ComplaintState.Closed, Operation.SendBack)] = Illegal,
        [(ComplaintState.Closed, Operation.Reopen)] = Expected.Goes(ComplaintState.Open, ComplaintEventKind.Reopened),
        [(ComplaintState.Closed, Operation.RecordRelayDelivered)] = Illegal,
        [(ComplaintState.Closed, Operation.RecordRelayFailed)] = Illegal,
        [(ComplaintState.Closed, Operation.RecordCallbackDelivered)] = Expected.Goes(ComplaintState.Closed, ComplaintEventKind.CallbackDelivered),
        [(ComplaintState.Closed, Operation.RecordCallbackFailed)] = Expected.Goes(ComplaintState.Closed, ComplaintEventKind.CallbackFailed),
    };

    public static IEnumerable<object[]> EveryStateAndOperation =>
        from state in Enum.GetValues<ComplaintState>()
        from operation in Enum.GetValues<Operation>()
        select new object[] { state, operation };

    [TestMethod]
    public void Table_CoversEveryStateAndOperation_NoPairMissing()
    {
        var missing = EveryStateAndOperation
            .Select(pair => ((ComplaintState)pair[0], (Operation)pair[1]))
            .Where(pair => !Table.ContainsKey(pair))
            .ToList();

        Assert.IsEmpty(missing, string.Join(", ", missing));
    }

    [TestMethod]
    [DynamicData(nameof(EveryStateAndOperation))]
    public void Operation_InState_FollowsTransitionTable(ComplaintState state, Operation operation)
    {
        var complaint = InState(state);
        var before = Json(complaint);
        var versionBefore = complaint.Version;
        var expected = Table[(state, operation)];

        var result = Perform(complaint, operation, Start.AddHours(1));

        if (expected.Refusal is { } code)
        {
            var refusal = MustRefuse(result);
            Assert.AreEqual(code, refusal.Code, refusal.Reason);
            Assert.AreEqual(state, refusal.State);
            Assert.IsFalse(string.IsNullOrWhiteSpace(refusal.Reason));
            Assert.AreEqual(before, Json(complaint), "A refusal must leave the complaint unchanged.");
        }
        else
        {
            var appended = MustSucceed(result);
            Assert.AreEqual(expected.ToState, complaint.State);
            Assert.AreEqual(expected.Kind, appended.Kind);
            Assert.AreEqual(state, appended.FromState);
            Assert.AreEqual(expected.ToState, appended.ToState);
            Assert.AreEqual(Start.AddHours(1), appended.At);
            Assert.AreEqual(versionBefore + 1, complaint.Version);
            Assert.AreSame(appended, complaint.History[^1]);
        }
    }

    private static TransitionResult Perform(Complaint complaint, Operation operation, DateTimeOffset now) => operation switch
    {
        Operation.RecordCardPosted => complaint.RecordCardPosted(Card(complaint.DepartmentId, 2), now),
        Operation.RecordCardPostFailed => complaint.RecordCardPostFailed("403 MessageWritesBlocked", now),
        Operation.Claim => complaint.Claim(Luis, now),
        Operation.Unclaim => complaint.Unclaim(Ana, now),
        Operation.Assign => complaint.Assign(Ana, Luis.ToPerson(), now),
        Operation.Reassign => complaint.Reassign(Ana, Logistics, "It is about a late parcel.", now),
        Operation.AddNote => complaint.AddNote(Ana, "Called the warehouse.", now),
        Operation.SaveDraft => complaint.SaveDraft(Ana, "Draft answer", now),
        Operation.Resolve => complaint.Resolve(Ana, "Final answer", now),
        Operation.Accept => complaint.Accept(Cm, now),
        Operation.SendBack => complaint.SendBack(Cm, "Please add the refund date.", now),
        Operation.Reopen => complaint.Reopen(Ana, null, now),
        Operation.RecordRelayDelivered => complaint.RecordRelayDelivered("a:cm-chat", "act-relay-1", now),
        Operation.RecordRelayFailed => complaint.RecordRelayFailed("429 after 5 attempts", now),
        Operation.RecordCallbackDelivered => complaint.RecordCallbackDelivered(null, complaint.Version, now),
        Operation.RecordCallbackFailed => complaint.RecordCallbackFailed("timeout", now),
        _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, "No way to perform this operation."),
    };
}
