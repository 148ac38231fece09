using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using TeamsEscalationBot.TestHarness.Text;

namespace TeamsEscalationBot.IntegrationTests.Workflow;

/// <summary>
/// A complaint whose text, author, category and requester are hostile, worked on by people whose directory names are
/// hostile: every message the bot posts (the channel card, its updates, the audit lines, the @mention of the new owner)
/// and every card it answers with shows all of it as plain text.
/// </summary>
[TestClass]
public sealed class HostileNamesTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task ClaimNoteAssign_HostileNamesAndText_EveryPostAndAnswerInert()
    {
        await using var host = await WorkflowHost.StartAsync();
        var ana = host.NewBillingMember(HostileText.Compact);
        var luis = host.NewBillingMember("Luis</at><at>Everyone</at> [a](https://evil.example)");
        var complaint = await SubmitAsync(host);
        var thread = CardActionTests.Thread(complaint);

        var answers = new List<JsonNode>
        {
            (await host.InvokeAsync(ana, "complaint.claim", complaint)).Card,
        };
        complaint = await host.GetAsync(complaint["id"]!.GetValue<string>(), TestContext.CancellationToken);
        answers.Add((await host.InvokeAsync(ana, "complaint.note", complaint, new JsonObject { ["noteText"] = HostileText.Compact })).Card);
        complaint = await host.GetAsync(complaint["id"]!.GetValue<string>(), TestContext.CancellationToken);
        answers.Add((await host.InvokeAsync(ana, "complaint.assign", complaint, new JsonObject { ["assignee"] = luis.AadObjectId })).Card);
        await host.WaitForThreadRepliesAsync(thread, 3, TestContext.CancellationToken);

        var posted = host.Connector.Calls
            .Where(c => c.Succeeded && (c.IsSend || c.IsUpdate || c.IsCreateConversation) && c.Body.Contains("evil.example", StringComparison.Ordinal))
            .Select(c => c.IsCreateConversation ? c.Json!["activity"]! : c.Json!)
            .ToList();
        Assert.IsGreaterThanOrEqualTo(4, posted.Count, "the channel card and at least three audit lines carry the hostile names");
        var problems = posted.SelectMany(HostileText.MessageProblems)
            .Concat(answers.SelectMany(HostileText.CardProblems))
            .ToList();
        Assert.IsEmpty(problems, string.Join(Environment.NewLine, problems));
        var mention = host.ThreadReplies(thread).Single(r => r.Contains("<at>", StringComparison.Ordinal));
        StringAssert.EndsWith(mention, "<at>Luis&lt;/at&gt;&lt;at&gt;Everyone&lt;/at&gt; &#91;a&#93;(https://evil.example)</at>", "the name inside the bot's own mention is escaped");
    }

    private async Task<JsonNode> SubmitAsync(WorkflowHost host)
    {
        var body = new JsonObject
        {
            ["source"] = "workflow-tests",
            ["externalId"] = Guid.NewGuid().ToString("N"),
            ["network"] = "x",
            ["authorHandle"] = HostileText.Compact,
            ["category"] = HostileText.Compact,
            ["text"] = "My invoice is wrong. " + HostileText.Compact,
            ["requester"] = new JsonObject { ["upn"] = "carla@contoso.example", ["displayName"] = HostileText.Compact },
        };
        using var response = await host.Api.PostAsJsonAsync("/api/complaints", body, TestContext.CancellationToken);
        Assert.AreEqual(HttpStatusCode.Created, response.StatusCode, await response.Content.ReadAsStringAsync(TestContext.CancellationToken));
        var id = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.CancellationToken))!["id"]!.GetValue<string>();
        return await host.WaitForAsync(id, c => c["state"]!.GetValue<string>() == "open", TestContext.CancellationToken);
    }
}
