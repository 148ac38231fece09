using System.Text.Json.Nodes;

namespace TeamsEscalationBot.IntegrationTests.Workflow;

/// <summary>
/// Driven as people would, one click after another without waiting for Teams: claim → note → assign → answer (draft,
/// resolve). What reaches the fake connector: the channel card kept current and one audit line per step, in order.
/// </summary>
[TestClass]
public sealed class UserJourneyTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [DataRow("Sqlite")]
    [DataRow("AzureBlob")]
    public async Task ClaimNoteAssignAnswer_ChannelCardUpdatedAndThreadRepliesInOrder(string provider)
    {
        await using var host = await WorkflowHost.StartAsync(await ConcurrentClaimTests.StorageSettingsAsync(provider));
        var ana = host.NewBillingMember("Ana Ruiz");
        var luis = host.NewBillingMember("Luis Gómez");
        var complaint = await host.NewOpenComplaintAsync(TestContext.CancellationToken);
        var id = CardActionTests.Id(complaint);

        Assert.IsNull(CardJson.Notice((await host.InvokeAsync(ana, "complaint.claim", complaint)).Card));
        Assert.AreEqual("Note added.", CardJson.Notice((await host.InvokeAsync(ana, "complaint.note", await host.GetAsync(id, TestContext.CancellationToken), Input("noteText", "Customer called twice"))).Card));
        Assert.IsNull(CardJson.Notice((await host.InvokeAsync(ana, "complaint.assign", await host.GetAsync(id, TestContext.CancellationToken), Input("assignee", luis.AadObjectId))).Card));
        Assert.AreEqual("Draft saved.", CardJson.Notice((await host.InvokeAsync(luis, "complaint.draft", await host.GetAsync(id, TestContext.CancellationToken), Input("answerText", "We refunded the double charge."))).Card));
        var resolved = (await host.InvokeAsync(luis, "complaint.resolve", await host.GetAsync(id, TestContext.CancellationToken), Input("answerText", "We refunded the double charge today."))).Card;

        var stored = await host.GetAsync(id, TestContext.CancellationToken);
        Assert.AreEqual("answered", stored["state"]!.GetValue<string>());
        Assert.AreEqual("We refunded the double charge today.", stored["answer"]!["text"]!.GetValue<string>());
        Assert.AreEqual(luis.AadObjectId, stored["answer"]!["by"]!["id"]!.GetValue<string>());
        Assert.AreEqual(CardJson.Version(resolved), stored["version"]!.GetValue<long>());
        string[] kinds = ["received", "routed", "cardPosted", "claimed", "noteAdded", "assigned", "draftSaved", "resolved"];
        CollectionAssert.AreEqual(kinds, stored["history"]!.AsArray().Select(e => e!["kind"]!.GetValue<string>()).ToArray());

        var replies = await host.WaitForThreadRepliesAsync(CardActionTests.Thread(complaint), 5, TestContext.CancellationToken);
        Assert.HasCount(5, replies);
        StringAssert.StartsWith(replies[0], "Claimed by Ana Ruiz, ");
        StringAssert.StartsWith(replies[1], "Note by Ana Ruiz, ");
        StringAssert.EndsWith(replies[1], ": Customer called twice");
        StringAssert.Contains(replies[2], "Assigned to Luis Gómez by Ana Ruiz, ");
        StringAssert.StartsWith(replies[3], "Answer drafted by Luis Gómez, ");
        StringAssert.StartsWith(replies[4], "Resolved by Luis Gómez, ");

        var activityId = complaint["card"]!["activityId"]!.GetValue<string>();
        // The relay records its outcome after Resolve (and refreshes the channel card): wait for both, then compare
        // the channel with what is stored at the end.
        await host.WaitForOutboxAsync(CardActionTests.Id(complaint), "relay", TestContext.CancellationToken);
        await host.WaitForOutboxAsync(CardActionTests.Id(complaint), "update-card", TestContext.CancellationToken);
        var finalVersion = (await host.GetAsync(id, TestContext.CancellationToken))["version"]!.GetValue<long>();
        var updates = host.CardUpdates(activityId).Select(CardJson.FromActivity).ToList();
        // Updates of one card waiting together are coalesced (only the latest state matters), so five steps may take fewer.
        Assert.IsNotEmpty(updates, "the channel card was updated");
        var last = updates[^1];
        Assert.AreEqual(finalVersion, CardJson.Version(last), "the channel ends on the latest state");
        Assert.IsTrue(CardJson.Shows(last, "We refunded the double charge today."));
        CollectionAssert.AreEquivalent(new[] { "complaint.reopen", "complaint.note" }, CardJson.Verbs(last).ToList(), "the channel card is everyone's base view");
        CollectionAssert.IsSubsetOf(new[] { ana.TeamsId, luis.TeamsId }, CardJson.RefreshUserIds(last).ToList());
    }

    private static JsonObject Input(string key, string value) => new() { [key] = value };
}
