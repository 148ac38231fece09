using System.Text.Json.Nodes;
using TeamsEscalationBot.IntegrationTests.Workflow;
using TeamsEscalationBot.TestHarness.Graph;
using TeamsEscalationBot.TestHarness.Host;

namespace TeamsEscalationBot.IntegrationTests.Faults;

/// <summary>
/// Microsoft Graph answering 429 (with <c>Retry-After</c>) or 503 to every request for a while: card decisions that need
/// the clicker's identity (claim, assign) answer "try again" within their timeout and change nothing; none is taken on a
/// wrong or placeholder identity; once Graph answers again, the same click succeeds with the right person. Real host over
/// HTTP, Graph directory through the Graph SDK on the fake Graph. The outage is switched off by the test, not waited out:
/// the product's answer does not depend on how long Graph has been failing, only on each request's own time budget.
/// </summary>
[TestClass]
public sealed class GraphOutageTests
{
    private const string DirectoryDown = "The directory is not available right now";

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [DataRow(429)]
    [DataRow(503)]
    public async Task ClaimAndAssign_GraphFailingThenBack_TryAgainNoTransitionThenRightIdentity(int status)
    {
        var ct = TestContext.CancellationToken;
        await using var host = await WorkflowHost.StartAsync(new Dictionary<string, string?>
        {
            ["Graph:Timeout"] = "00:00:03",
            ["Graph:MaxRetryWait"] = "00:00:01",
            ["Workflow:DirectoryTimeout"] = "00:00:04",
        });
        var complaint = await host.NewOpenComplaintAsync(ct);
        var assignee = host.NewBillingMember("Asha Assignee");

        // Looked up for the first time during the outage: no cached answer can stand in for the directory.
        var claimer = host.NewBillingMember("Cyrus Claimer");
        host.Graph.BeginOutage(status, retryAfter: status == 429 ? TimeSpan.FromSeconds(2) : null);
        var requestsBefore = host.Graph.ReceivedCount;

        var claim = (await host.InvokeAsync(claimer, "complaint.claim", complaint)).Card;
        var assign = (await host.InvokeAsync(claimer, "complaint.assign", complaint, new JsonObject { ["assignee"] = assignee.AadObjectId })).Card;

        Assert.IsGreaterThan(requestsBefore, host.Graph.ReceivedCount, "the decisions asked Graph");
        StringAssert.StartsWith(CardJson.Notice(claim), DirectoryDown, "claim: try again");
        StringAssert.StartsWith(CardJson.Notice(assign), DirectoryDown, "assign: try again");
        var during = await host.GetAsync(Id(complaint), ct);
        TestContext.WriteLine($"Graph {status}: {host.Graph.Requests.Count(r => r.Status == status)} requests refused; complaint {during["state"]} v{during["version"]}");
        Assert.AreEqual(complaint["version"]!.GetValue<long>(), during["version"]!.GetValue<long>(), "no transition while the identity is unverified");
        Assert.AreEqual("open", during["state"]!.GetValue<string>());
        Assert.IsNull(during["owner"], "no owner, placeholder or otherwise");
        Assert.IsEmpty(Transitions(during), "no history entry by an unverified person");

        host.Graph.EndOutage();

        var claimed = (await host.InvokeAsync(claimer, "complaint.claim", complaint)).Card;
        Assert.IsNull(CardJson.Notice(claimed), "the same click succeeds once Graph answers");
        var afterClaim = await host.GetAsync(Id(complaint), ct);
        Assert.AreEqual(claimer.AadObjectId, afterClaim["owner"]!["aadObjectId"]!.GetValue<string>());
        Assert.AreEqual("Cyrus Claimer", afterClaim["owner"]!["displayName"]!.GetValue<string>(), "the name comes from the directory");

        var assigned = (await host.InvokeAsync(claimer, "complaint.assign", afterClaim, new JsonObject { ["assignee"] = assignee.AadObjectId })).Card;
        Assert.IsNull(CardJson.Notice(assigned));
        var final = await host.GetAsync(Id(complaint), ct);
        Assert.AreEqual(assignee.AadObjectId, final["owner"]!["aadObjectId"]!.GetValue<string>());
        Assert.AreEqual("Asha Assignee", final["owner"]!["displayName"]!.GetValue<string>());
        var transitions = Transitions(final);
        Assert.HasCount(2, transitions, string.Join(Environment.NewLine, transitions.Select(t => t.ToJsonString())));
        Assert.IsTrue(transitions.All(t => t.ToJsonString().Contains(claimer.AadObjectId, StringComparison.Ordinal)), "both transitions are by the verified clicker");
    }

    [TestMethod]
    public async Task Claim_OutageOverAfterItsPeriod_SucceedsWithoutTheTestEndingIt()
    {
        var ct = TestContext.CancellationToken;
        await using var host = await WorkflowHost.StartAsync(new Dictionary<string, string?>
        {
            ["Graph:Timeout"] = "00:00:02",
            ["Graph:MaxRetryWait"] = "00:00:01",
            ["Workflow:DirectoryTimeout"] = "00:00:03",
        });
        var complaint = await host.NewOpenComplaintAsync(ct);
        var claimer = host.NewBillingMember("Pia Patient");
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        host.Graph.BeginOutage(503, period: TimeSpan.FromMinutes(1), time: time);

        StringAssert.StartsWith(CardJson.Notice((await host.InvokeAsync(claimer, "complaint.claim", complaint)).Card), DirectoryDown);
        time.Advance(TimeSpan.FromSeconds(59));
        StringAssert.StartsWith(CardJson.Notice((await host.InvokeAsync(claimer, "complaint.claim", complaint)).Card), DirectoryDown, "still inside the minute");
        Assert.AreEqual(complaint["version"]!.GetValue<long>(), (await host.GetAsync(Id(complaint), ct))["version"]!.GetValue<long>());

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.IsFalse(host.Graph.InOutage);
        Assert.IsNull(CardJson.Notice((await host.InvokeAsync(claimer, "complaint.claim", complaint)).Card));
        Assert.AreEqual(claimer.AadObjectId, (await host.GetAsync(Id(complaint), ct))["owner"]!["aadObjectId"]!.GetValue<string>());
    }

    private static string Id(JsonNode complaint) => complaint["id"]!.GetValue<string>();

    private static List<JsonNode> Transitions(JsonNode complaint) =>
        [.. complaint["history"]!.AsArray().OfType<JsonNode>().Where(e => e["kind"]!.GetValue<string>() is "claimed" or "assigned")];
}
