using System.Text.Json.Nodes;
using TeamsEscalationBot.TestHarness.Connector;
using TeamsEscalationBot.TestHarness.Host;

namespace TeamsEscalationBot.IntegrationTests.Relay;

/// <summary>
/// A decision on a relay card counts only where that card was delivered, by a person allowed there, for the exact answer
/// the card shows: signed invokes over HTTP against the real host, for complaints that arrived without a requester.
/// </summary>
[TestClass]
public sealed class RelayDecisionTests
{
    public TestContext TestContext { get; set; } = null!;

    /// <summary>A second community manager listed for the source, beside Carla.</summary>
    private static readonly UserRef Dario = new("29:1dario-teams-id", "Dario Ortiz", "0a1b2c3d-5555-4e6f-8a9b-0c1d2e3f4a5b");

    private const string CommunityManagersChannel = "19:community-managers@thread.tacv2";

    private static Dictionary<string, string?> ListedManagers() => new()
    {
        [$"Relay:DefaultTargets:{RelayScenario.Source}:CommunityManagers:0"] = RelayScenario.Carla.AadObjectId,
        [$"Relay:DefaultTargets:{RelayScenario.Source}:CommunityManagers:1"] = Dario.AadObjectId,
    };

    [TestMethod]
    [DataRow("channel", DisplayName = "the department thread")]
    [DataRow("groupChat", DisplayName = "a group chat")]
    [DataRow("personal", DisplayName = "a personal chat the card was not sent to")]
    public async Task Accept_ListedCommunityManagerFromAnotherConversation_Refused(string where)
    {
        await using var scenario = await RelayScenario.StartAsync(ListedManagers());
        var id = await scenario.SubmitAndAnswerAsync(scenario.Intake(requester: false, callback: false), TestContext.CancellationToken);
        var card = await scenario.RelayCardInAsync(RelayScenario.ChatWith(RelayScenario.Carla.AadObjectId), TestContext.CancellationToken);
        await scenario.WaitForAsync(id, c => c["relay"]!["status"]!.GetValue<string>() == "delivered", TestContext.CancellationToken);

        var answer = where switch
        {
            "channel" => await scenario.ClickAsync(card, "relay.accept", RelayScenario.Carla, await scenario.ThreadOfAsync(id, TestContext.CancellationToken), inChannel: true),
            "groupChat" => await scenario.ClickAsync(card, "relay.accept", RelayScenario.Carla, "19:carla-and-friends@unq.gbl.spaces", conversationType: "groupChat"),
            _ => await scenario.ClickAsync(card, "relay.accept", RelayScenario.Carla, "a:another-chat-of-carla"),
        };

        AssertRefused(answer);
        Assert.AreEqual("answered", (await scenario.GetAsync(id, TestContext.CancellationToken))["state"]!.GetValue<string>(), "nothing was decided");
    }

    [TestMethod]
    public async Task Accept_ListedCommunityManagerInTheirOwnChat_Accepted()
    {
        await using var scenario = await RelayScenario.StartAsync(ListedManagers());
        var id = await scenario.SubmitAndAnswerAsync(scenario.Intake(requester: false, callback: false), TestContext.CancellationToken);
        var dariosChat = RelayScenario.ChatWith(Dario.AadObjectId);
        var card = await scenario.RelayCardInAsync(dariosChat, TestContext.CancellationToken);
        await scenario.WaitForAsync(id, c => c["history"]!.AsArray().Any(e => e!["kind"]!.GetValue<string>() == "relayDelivered" && e["conversationId"]?.GetValue<string>() == dariosChat), TestContext.CancellationToken);

        await scenario.ClickAsync(card, "relay.accept", Dario, dariosChat);

        Assert.AreEqual("closed", (await scenario.GetAsync(id, TestContext.CancellationToken))["state"]!.GetValue<string>(), "each listed manager decides on their own copy");
    }

    [TestMethod]
    public async Task Accept_DefaultChannelButAnotherThreadOfIt_Refused()
    {
        await using var scenario = await RelayScenario.StartAsync(new Dictionary<string, string?>
        {
            ["Relay:DefaultTargets:*:TeamId"] = Activities.TeamId,
            ["Relay:DefaultTargets:*:ChannelId"] = CommunityManagersChannel,
        });
        var id = await scenario.SubmitAndAnswerAsync(scenario.Intake(requester: false, callback: false), TestContext.CancellationToken);
        var card = await DefaultChannelCardAsync(scenario);
        await scenario.WaitForAsync(id, c => c["relay"]!["status"]!.GetValue<string>() == "delivered", TestContext.CancellationToken);

        var answer = await scenario.ClickAsync(card, "relay.accept", RelayScenario.Carla, CommunityManagersChannel + ";messageid=1700000000999", inChannel: true);

        AssertRefused(answer);
        Assert.AreEqual("answered", (await scenario.GetAsync(id, TestContext.CancellationToken))["state"]!.GetValue<string>());
    }

    [TestMethod]
    public async Task Accept_FallbackThreadByAUserOfNoDepartment_Refused()
    {
        await using var scenario = await RelayScenario.StartAsync();
        var id = await scenario.SubmitAndAnswerAsync(scenario.Intake(requester: false, callback: false), TestContext.CancellationToken);
        var thread = await scenario.ThreadOfAsync(id, TestContext.CancellationToken);
        var card = await scenario.RelayCardInAsync(thread, TestContext.CancellationToken);
        await scenario.WaitForAsync(id, c => c["relay"]!["status"]!.GetValue<string>() == "failed", TestContext.CancellationToken);

        var answer = await scenario.ClickAsync(card, "relay.accept", RelayScenario.Carla, thread, inChannel: true);

        AssertRefused(answer);
        Assert.AreEqual("answered", (await scenario.GetAsync(id, TestContext.CancellationToken))["state"]!.GetValue<string>());
    }

    [TestMethod]
    public async Task SendBack_FallbackThreadByADepartmentMemberWhoIsNoLead_Refused()
    {
        await using var scenario = await RelayScenario.StartAsync();
        var id = await scenario.SubmitAndAnswerAsync(scenario.Intake(requester: false, callback: false), TestContext.CancellationToken);
        var thread = await scenario.ThreadOfAsync(id, TestContext.CancellationToken);
        var card = await scenario.RelayCardInAsync(thread, TestContext.CancellationToken);
        await scenario.WaitForAsync(id, c => c["relay"]!["status"]!.GetValue<string>() == "failed", TestContext.CancellationToken);

        var answer = await scenario.ClickAsync(card, "relay.sendBack", Activities.Ben, thread, comment: "Shorter, please.", inChannel: true);

        AssertRefused(answer);
        Assert.AreEqual("answered", (await scenario.GetAsync(id, TestContext.CancellationToken))["state"]!.GetValue<string>());
    }

    [TestMethod]
    public async Task Accept_FallbackThreadByTheDepartmentsLead_Accepted()
    {
        await using var scenario = await RelayScenario.StartAsync(new Dictionary<string, string?> { ["Departments:1:LeadUserIds:0"] = Activities.Ben.AadObjectId });
        var id = await scenario.SubmitAndAnswerAsync(scenario.Intake(requester: false, callback: false), TestContext.CancellationToken);
        var thread = await scenario.ThreadOfAsync(id, TestContext.CancellationToken);
        var card = await scenario.RelayCardInAsync(thread, TestContext.CancellationToken);
        await scenario.WaitForAsync(id, c => c["relay"]!["status"]!.GetValue<string>() == "failed", TestContext.CancellationToken);

        await scenario.ClickAsync(card, "relay.accept", Activities.Ben, thread, inChannel: true);

        Assert.AreEqual("closed", (await scenario.GetAsync(id, TestContext.CancellationToken))["state"]!.GetValue<string>());
    }

    [TestMethod]
    public async Task Accept_FallbackThreadByTheListedCommunityManagerItMentions_Accepted()
    {
        var settings = ListedManagers();
        settings.Remove($"Relay:DefaultTargets:{RelayScenario.Source}:CommunityManagers:1");
        await using var scenario = await RelayScenario.StartAsync(settings);
        scenario.Connector.EnqueueFault(new ConnectorFault(403, Count: 5)
        {
            ErrorCode = "BotNotInConversationRoster",
            Match = c => c.IsCreateConversation && c.Body.Contains(RelayScenario.Carla.AadObjectId, StringComparison.Ordinal),
        });
        var id = await scenario.SubmitAndAnswerAsync(scenario.Intake(requester: false, callback: false), TestContext.CancellationToken);
        var thread = await scenario.ThreadOfAsync(id, TestContext.CancellationToken);
        var card = await scenario.RelayCardInAsync(thread, TestContext.CancellationToken);
        await scenario.WaitForAsync(id, c => c["relay"]!["status"]!.GetValue<string>() == "failed", TestContext.CancellationToken);

        await scenario.ClickAsync(card, "relay.accept", RelayScenario.Carla, thread, inChannel: true);

        Assert.AreEqual("closed", (await scenario.GetAsync(id, TestContext.CancellationToken))["state"]!.GetValue<string>());
    }

    [TestMethod]
    [DataRow(-1, DisplayName = "a card of the answer before")]
    [DataRow(1, DisplayName = "a version after the answer")]
    [DataRow(1000, DisplayName = "a version far in the future")]
    public async Task Accept_VersionOtherThanTheAnswersOwn_RefusedAsStale(int offset)
    {
        await using var scenario = await RelayScenario.StartAsync(new Dictionary<string, string?>
        {
            ["Relay:DefaultTargets:*:TeamId"] = Activities.TeamId,
            ["Relay:DefaultTargets:*:ChannelId"] = CommunityManagersChannel,
        });
        var id = await scenario.SubmitAndAnswerAsync(scenario.Intake(requester: false, callback: false), TestContext.CancellationToken);
        var card = await DefaultChannelCardAsync(scenario);
        var delivered = await scenario.WaitForAsync(id, c => c["relay"]!["status"]!.GetValue<string>() == "delivered", TestContext.CancellationToken);
        var thread = delivered["relay"]!["conversationId"]!.GetValue<string>();
        var answerVersion = RelayScenario.AnswerVersion(delivered);

        var answer = await scenario.ClickAsync(card, "relay.accept", RelayScenario.Carla, thread, inChannel: true, version: answerVersion + offset);

        Assert.IsTrue(RelayScenario.Texts(answer["value"]).Any(t => t.StartsWith("Someone changed this complaint", StringComparison.Ordinal)), answer.ToJsonString());
        Assert.AreEqual("answered", (await scenario.GetAsync(id, TestContext.CancellationToken))["state"]!.GetValue<string>());
        await scenario.ClickAsync(card, "relay.accept", RelayScenario.Carla, thread, inChannel: true, version: answerVersion);
        Assert.AreEqual("closed", (await scenario.GetAsync(id, TestContext.CancellationToken))["state"]!.GetValue<string>(), "the card's own version decides");
    }

    [TestMethod]
    public async Task Accept_RequesterWithAFutureVersion_RefusedAsStale()
    {
        await using var scenario = await RelayScenario.StartAsync();
        var id = await scenario.SubmitAndAnswerAsync(scenario.Intake(callback: false), TestContext.CancellationToken);
        var chat = RelayScenario.ChatWith(RelayScenario.Carla.AadObjectId);
        var card = await scenario.RelayCardInAsync(chat, TestContext.CancellationToken);
        var delivered = await scenario.WaitForAsync(id, c => c["relay"]!["status"]!.GetValue<string>() == "delivered", TestContext.CancellationToken);

        await scenario.ClickAsync(card, "relay.accept", RelayScenario.Carla, chat, version: delivered["version"]!.GetValue<long>() + 5);

        Assert.AreEqual("answered", (await scenario.GetAsync(id, TestContext.CancellationToken))["state"]!.GetValue<string>());
    }

    /// <summary>The relay card as posted in a new thread of the default channel.</summary>
    private static async Task<JsonNode> DefaultChannelCardAsync(RelayScenario scenario)
    {
        var post = (await scenario.Connector.WaitForCallsAsync(c => c.IsCreateConversation && c.Json!["channelData"]?["channel"]?["id"]?.GetValue<string>() == CommunityManagersChannel)).Single();
        return post.Json!["activity"]!["attachments"]![0]!["content"]!;
    }

    /// <summary>Refused: a notice, no decision, and nothing of the answer on the card the clicker gets back.</summary>
    private static void AssertRefused(JsonNode answer)
    {
        var texts = RelayScenario.Texts(answer["value"]).ToList();
        Assert.IsTrue(texts.Any(t => t.StartsWith("Only ", StringComparison.Ordinal)), string.Join(" | ", texts));
        Assert.IsFalse(RelayScenario.HasAction(answer["value"]!, "relay.accept"), "no buttons for someone who may not decide");
    }
}
