using System.Text.Json.Nodes;
using TeamsEscalationBot.TestHarness.Connector;
using TeamsEscalationBot.TestHarness.Text;

namespace TeamsEscalationBot.IntegrationTests.Relay;

/// <summary>
/// The relay's fallback post in the department thread @mentions the community manager by the name intake gave: a
/// name with <c>&lt;/at&gt;&lt;at&gt;Everyone&lt;/at&gt;</c> or a markdown link in it stays text inside the bot's one mention.
/// </summary>
[TestClass]
public sealed class RelayHostileTextTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task Relay_FallbackMentionOfAHostileName_OnlyTheBotsOwnMentionAndNothingInterpreted()
    {
        await using var scenario = await RelayScenario.StartAsync();
        scenario.Connector.EnqueueFault(new ConnectorFault(403, Count: 5)
        {
            ErrorCode = "BotNotInConversationRoster",
            Match = c => c.IsCreateConversation && c.Body.Contains(RelayScenario.Carla.AadObjectId, StringComparison.Ordinal),
        });
        var body = scenario.Intake();
        body["requester"] = new JsonObject { ["aadObjectId"] = RelayScenario.Carla.AadObjectId, ["displayName"] = "Carla</at><at>Everyone</at> [a](https://evil.example) \u202E" };
        var id = await scenario.SubmitAndAnswerAsync(body, TestContext.CancellationToken);
        var thread = await scenario.ThreadOfAsync(id, TestContext.CancellationToken);

        await scenario.RelayCardInAsync(thread, TestContext.CancellationToken);

        var post = scenario.CardsIn(thread).Single().Json!;
        var problems = HostileText.MessageProblems(post);
        Assert.IsEmpty(problems, string.Join(Environment.NewLine, problems) + Environment.NewLine + post.ToJsonString());
        var mention = Assert.ContainsSingle(post["entities"]!.AsArray().Where(e => e!["type"]!.GetValue<string>() == "mention"))!;
        Assert.AreEqual(RelayScenario.Carla.AadObjectId, mention["mentioned"]!["id"]!.GetValue<string>());
        Assert.AreEqual("<at>Carla&lt;/at&gt;&lt;at&gt;Everyone&lt;/at&gt; &#91;a&#93;(https://evil.example) </at>", mention["text"]!.GetValue<string>());
    }
}
