using System.Text.Json.Nodes;

namespace TeamsEscalationBot.IntegrationTests.Workflow;

/// <summary>Exactly one winner: 50 members claim one complaint at once, over HTTP with signed invokes, on both stores.</summary>
[TestClass]
public sealed class ConcurrentClaimTests
{
    private const int Claimants = 50;

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [DataRow("Sqlite")]
    [DataRow("AzureBlob")]
    public async Task Claim_50MembersAtOnce_OneWinner49RefusalsNamingItOneHistoryEntry(string provider)
    {
        await using var host = await WorkflowHost.StartAsync(await StorageSettingsAsync(provider));
        var members = Enumerable.Range(1, Claimants).Select(i => host.NewBillingMember($"Member {i:00}")).ToList();
        var complaint = await host.NewOpenComplaintAsync(TestContext.CancellationToken);

        using var start = new SemaphoreSlim(0);
        var claims = members.Select(member => Task.Run(async () =>
        {
            await start.WaitAsync();
            return (Member: member, Answer: await host.InvokeAsync(member, "complaint.claim", complaint));
        })).ToList();
        start.Release(Claimants);
        var answers = await Task.WhenAll(claims);

        var stored = await host.GetAsync(CardActionTests.Id(complaint), TestContext.CancellationToken);
        var winner = stored["owner"]!["displayName"]!.GetValue<string>();
        var notices = answers.Select(a => CardJson.Notice(a.Answer.Card)).ToList();
        Assert.HasCount(1, notices.Where(n => n is null).ToList(), "exactly one claim succeeded: " + string.Join(" | ", notices.Distinct()));
        Assert.AreEqual(winner, answers.Single(a => CardJson.Notice(a.Answer.Card) is null).Member.Name);
        Assert.HasCount(Claimants - 1, notices.Where(n => n == $"Already claimed by {winner}.").ToList(), "every other claimant was told who won");
        var history = stored["history"]!.AsArray();
        Assert.HasCount(1, history.Where(e => e!["kind"]!.GetValue<string>() == "claimed").ToList());
        Assert.AreEqual(complaint["version"]!.GetValue<long>() + 1, stored["version"]!.GetValue<long>(), "one write, one version");
        var replies = await host.WaitForThreadRepliesAsync(CardActionTests.Thread(complaint), 1, TestContext.CancellationToken);
        StringAssert.StartsWith(replies.Single(), $"Claimed by {winner}, ");
    }

    [TestMethod]
    [DataRow("Sqlite")]
    [DataRow("AzureBlob")]
    public async Task NotesDuringAClaim_AllAtOnce_EveryNoteAndTheClaimStored(string provider)
    {
        await using var host = await WorkflowHost.StartAsync(await StorageSettingsAsync(provider));
        var claimant = host.NewBillingMember("Claire Claimant");
        var writers = Enumerable.Range(1, 4).Select(i => host.NewBillingMember($"Writer {i}")).ToList();
        var complaint = await host.NewOpenComplaintAsync(TestContext.CancellationToken);

        using var start = new SemaphoreSlim(0);
        var notes = writers.Select(writer => Task.Run(async () =>
        {
            await start.WaitAsync();
            return await host.InvokeAsync(writer, "complaint.note", complaint, new JsonObject { ["noteText"] = $"note by {writer.Name}" });
        })).ToList();
        var claim = Task.Run(async () =>
        {
            await start.WaitAsync();
            return await host.InvokeAsync(claimant, "complaint.claim", complaint);
        });
        start.Release(writers.Count + 1);

        // Each writer can lose the race only to the four others, so within the default five attempts everyone gets through.
        foreach (var note in await Task.WhenAll(notes))
        {
            Assert.AreEqual("Note added.", CardJson.Notice(note.Card));
        }

        Assert.IsNull(CardJson.Notice((await claim).Card), "notes do not stop a claim");
        var stored = await host.GetAsync(CardActionTests.Id(complaint), TestContext.CancellationToken);
        Assert.AreEqual("Claire Claimant", stored["owner"]!["displayName"]!.GetValue<string>());
        Assert.AreEqual(complaint["version"]!.GetValue<long>() + 5, stored["version"]!.GetValue<long>());
        Assert.HasCount(4, stored["history"]!.AsArray().Where(e => e!["kind"]!.GetValue<string>() == "noteAdded").ToList());
    }

    internal static async Task<Dictionary<string, string?>> StorageSettingsAsync(string provider)
    {
        // A concurrency test, not a latency one: 50 first-time directory lookups at once on a busy machine may be slow.
        var settings = new Dictionary<string, string?> { ["Workflow:DirectoryTimeout"] = "00:00:10" };
        if (provider == "Sqlite")
        {
            return settings;
        }

        var azurite = await AzuriteFixture.GetServerAsync();
        settings["Storage:Provider"] = "AzureBlob";
        settings["Storage:ConnectionString"] = azurite.ConnectionString;
        settings["Storage:ContainerName"] = AzuriteFixture.UniqueName("workflow");
        settings["Storage:QueueName"] = AzuriteFixture.UniqueName("workflow");
        return settings;
    }
}
