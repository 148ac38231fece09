using System.Text.Json;
using System.Text.Json.Serialization;
using TeamsEscalationBot.Domain.Complaints;
using static TeamsEscalationBot.UnitTests.Domain.ComplaintFixture;

namespace TeamsEscalationBot.UnitTests.Domain;

[TestClass]
public sealed class ComplaintSnapshotTests
{
    private static readonly JsonSerializerOptions DefaultOptions = new();

    private static readonly JsonSerializerOptions StorageLikeOptions = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static IEnumerable<object[]> EveryState => Enum.GetValues<ComplaintState>().Select(s => new object[] { s });

    [TestMethod]
    public void ToSnapshot_EveryPropertySet_HasNoEmptyProperty()
    {
        var json = JsonSerializer.SerializeToNode(EverythingSet(), DefaultOptions)!.AsObject();

        var empty = json.Where(p => p.Value is null || p.Value.ToJsonString() is "\"\"" or "[]" or "{}").Select(p => p.Key).ToList();

        // Guards the round-trip tests below: a new field that is never set would not be checked by them.
        Assert.IsEmpty(empty, string.Join(", ", empty));
    }

    [TestMethod]
    public void FromSnapshot_EveryPropertySetThroughJson_RoundTripIsLossless()
    {
        AssertRoundTrip(EverythingSet(), DefaultOptions);
        AssertRoundTrip(EverythingSet(), StorageLikeOptions);
    }

    [TestMethod]
    [DynamicData(nameof(EveryState))]
    public void FromSnapshot_ComplaintInStateThroughJson_RoundTripIsLossless(ComplaintState state)
    {
        var snapshot = InState(state).ToSnapshot();

        AssertRoundTrip(snapshot, StorageLikeOptions);
    }

    [TestMethod]
    public void FromSnapshot_RestoredComplaint_BehavesLikeTheOriginal()
    {
        var original = InState(ComplaintState.Claimed);

        var restored = Complaint.FromSnapshot(original.ToSnapshot());

        Assert.AreEqual(ComplaintState.Claimed, restored.State);
        Assert.AreEqual(original.Version, restored.Version);
        Assert.AreEqual(original.Owner, restored.Owner);
        Assert.AreEqual(original.CurrentCard, restored.CurrentCard);
        Assert.AreEqual(RefusalCode.AlreadyClaimed, MustRefuse(restored.Claim(Luis, Start.AddHours(1))).Code);
        MustSucceed(restored.Resolve(Ana, "Done", Start.AddHours(1)));
        Assert.AreEqual(original.Version + 1, restored.Version);
    }

    [TestMethod]
    public void ToSnapshot_ThenComplaintChanges_SnapshotUnchanged()
    {
        var complaint = InState(ComplaintState.Open);
        var snapshot = complaint.ToSnapshot();
        var json = JsonSerializer.Serialize(snapshot);

        MustSucceed(complaint.Reassign(Ana, Logistics, "Parcel", Start.AddHours(1)));
        MustSucceed(complaint.RecordCardPosted(Card(Logistics, 2), Start.AddHours(1)));

        Assert.AreEqual(json, JsonSerializer.Serialize(snapshot));
        Assert.HasCount(1, snapshot.Cards);
    }

    [TestMethod]
    public void FromSnapshot_VersionDiffersFromHistory_ThrowsArgumentException()
    {
        var snapshot = InState(ComplaintState.Open).ToSnapshot() with { Version = 7 };

        var thrown = Assert.ThrowsExactly<ArgumentException>(() => Complaint.FromSnapshot(snapshot));

        Assert.Contains("version 7", thrown.Message);
    }

    [TestMethod]
    public void FromSnapshot_StateDiffersFromLastEvent_ThrowsArgumentException()
    {
        var snapshot = InState(ComplaintState.Open).ToSnapshot() with { State = ComplaintState.Closed };

        var thrown = Assert.ThrowsExactly<ArgumentException>(() => Complaint.FromSnapshot(snapshot));

        Assert.Contains("state Closed", thrown.Message);
    }

    [TestMethod]
    public void FromSnapshot_NoHistory_ThrowsArgumentException()
    {
        var snapshot = InState(ComplaintState.Received).ToSnapshot() with { History = [], Version = 0 };

        Assert.ThrowsExactly<ArgumentException>(() => Complaint.FromSnapshot(snapshot));
    }

    [TestMethod]
    public void FromSnapshot_MissingId_ThrowsArgumentException()
    {
        var snapshot = InState(ComplaintState.Received).ToSnapshot() with { Id = "" };

        Assert.ThrowsExactly<ArgumentException>(() => Complaint.FromSnapshot(snapshot));
    }

    /// <summary>
    /// Resolved after a reassign and a failed post, relay delivered; then the fields no reachable state holds at the
    /// same time (a delivery failure next to an answer, a draft next to an answer) are filled in.
    /// </summary>
    private static ComplaintSnapshot EverythingSet()
    {
        var paris = TimeSpan.FromHours(1);
        var complaint = Received(Submission(category: "Facturación"));
        MustSucceed(complaint.RecordCardPosted(Card(Billing), Start.AddMinutes(1)));
        MustSucceed(complaint.Reassign(Ana, Logistics, "Parcel", Start.AddMinutes(2)));
        MustSucceed(complaint.RecordCardPostFailed("403 MessageWritesBlocked", Start.AddMinutes(3)));
        MustSucceed(complaint.RecordCardPosted(Card(Logistics, 2), Start.AddMinutes(4)));
        MustSucceed(complaint.Claim(Luis, Start.AddMinutes(5).ToOffset(paris)));
        MustSucceed(complaint.AddNote(Luis, "Asked the carrier — «en camino» 🚚", Start.AddMinutes(6)));
        MustSucceed(complaint.Resolve(Luis, "Your parcel arrives tomorrow.", Start.AddMinutes(7).ToOffset(paris)));
        MustSucceed(complaint.RecordRelayDelivered("a:cm-chat", "act-relay", Start.AddMinutes(8)));
        return complaint.ToSnapshot() with
        {
            DeliveryFailure = new DeliveryFailure("403 MessageWritesBlocked", Start.AddMinutes(3)),
            AnswerDraft = "A newer draft",
        };
    }

    private static void AssertRoundTrip(ComplaintSnapshot snapshot, JsonSerializerOptions options)
    {
        var json = JsonSerializer.Serialize(snapshot, options);

        var stored = JsonSerializer.Deserialize<ComplaintSnapshot>(json, options);
        var again = JsonSerializer.Serialize(Complaint.FromSnapshot(stored!).ToSnapshot(), options);

        Assert.AreEqual(json, again);
    }
}
