using System.Net;
using System.Text.Json.Nodes;
using TeamsEscalationBot.BotFramework.Connector;
using TeamsEscalationBot.BotFramework.Schema;
using TeamsEscalationBot.TestHarness.Connector;

namespace TeamsEscalationBot.IntegrationTests.Connector;

/// <summary>Each Connector operation over HTTP: paths, escaping, bodies, the bearer token and its cache.</summary>
[TestClass]
public sealed class ConnectorClientTests
{
    private const string Thread = "19:billing@thread.tacv2;messageid=1700000000001";

    [TestMethod]
    public async Task SendToConversation_ThreadId_EscapedPathAndBearerToken()
    {
        await using var services = await ConnectorServices.StartAsync();
        var response = await services.Client.SendToConversationAsync(services.Connector.ServiceUrl, Thread, MessageFactory.Text("hello"));

        var call = services.Connector.Calls.Single();
        Assert.AreEqual("/v3/conversations/19%3Abilling%40thread.tacv2%3Bmessageid%3D1700000000001/activities", call.Path);
        Assert.AreEqual(Thread, call.ConversationId);
        Assert.AreEqual("Bearer fake-bot-token-1", call.Authorization);
        Assert.AreEqual("hello", call.Json!["text"]!.GetValue<string>());
        Assert.IsNotNull(response.Id);
    }

    [TestMethod]
    public async Task ReplyToActivity_SetsReplyToId()
    {
        await using var services = await ConnectorServices.StartAsync();
        await services.Client.ReplyToActivityAsync(services.Connector.ServiceUrl, "a:chat", "42", MessageFactory.Text("re"));

        var call = services.Connector.Calls.Single();
        Assert.AreEqual("42", call.ActivityId);
        Assert.AreEqual("42", call.Json!["replyToId"]!.GetValue<string>());
    }

    [TestMethod]
    public async Task UpdateActivity_PutsActivityWithItsId()
    {
        await using var services = await ConnectorServices.StartAsync();
        await services.Client.UpdateActivityAsync(services.Connector.ServiceUrl, Thread, "1700000000001", MessageFactory.Text("v2"));

        var call = services.Connector.Calls.Single();
        Assert.AreEqual("PUT", call.Method);
        Assert.AreEqual("1700000000001", call.Json!["id"]!.GetValue<string>());
    }

    [TestMethod]
    public async Task DeleteActivity_Deletes()
    {
        await using var services = await ConnectorServices.StartAsync();
        await services.Client.DeleteActivityAsync(services.Connector.ServiceUrl, "a:chat", "7");
        Assert.AreEqual("DELETE", services.Connector.Calls.Single().Method);
    }

    [TestMethod]
    public async Task CreateChannelThread_PostsChannelDataAndReturnsThreadId()
    {
        await using var services = await ConnectorServices.StartAsync();
        var created = await services.Client.CreateChannelThreadAsync(
            services.Connector.ServiceUrl, "19:billing@thread.tacv2", "tenant-1", MessageFactory.Text("root"));

        var body = services.Connector.Calls.Single().Json!;
        Assert.IsTrue(body["isGroup"]!.GetValue<bool>());
        Assert.AreEqual("19:billing@thread.tacv2", body["channelData"]!["channel"]!["id"]!.GetValue<string>());
        Assert.AreEqual("root", body["activity"]!["text"]!.GetValue<string>());
        Assert.AreEqual($"19:billing@thread.tacv2;messageid={created.ActivityId}", created.Id);
    }

    [TestMethod]
    public async Task CreatePersonalConversation_SendsUserAndTenant()
    {
        await using var services = await ConnectorServices.StartAsync();
        var created = await services.Client.CreatePersonalConversationAsync(services.Connector.ServiceUrl, "28:bot", "aad-user-1", "tenant-1");

        var body = services.Connector.Calls.Single().Json!;
        Assert.IsFalse(body["isGroup"]!.GetValue<bool>());
        Assert.AreEqual("aad-user-1", body["members"]![0]!["id"]!.GetValue<string>());
        Assert.AreEqual("tenant-1", body["tenantId"]!.GetValue<string>());
        Assert.AreEqual("tenant-1", body["channelData"]!["tenant"]!["id"]!.GetValue<string>());
        StringAssert.StartsWith(created.Id, "a:");
    }

    [TestMethod]
    public async Task GetConversationMember_KnownAndUnknown()
    {
        await using var services = await ConnectorServices.StartAsync();
        services.Connector.AddMember(new JsonObject { ["id"] = "29:ana", ["name"] = "Ana Ruiz", ["objectId"] = "aad-ana", ["email"] = "ana@contoso.com" });

        var member = await services.Client.GetConversationMemberAsync(services.Connector.ServiceUrl, "19:team", "aad-ana");
        Assert.AreEqual("aad-ana", member.EntraObjectId);
        Assert.AreEqual("Ana Ruiz", member.Name);

        var missing = await Assert.ThrowsExactlyAsync<ConnectorException>(() =>
            services.Client.GetConversationMemberAsync(services.Connector.ServiceUrl, "19:team", "nobody"));
        Assert.AreEqual(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.AreEqual("MemberNotFoundInConversation", missing.ErrorCode);
    }

    [TestMethod]
    public async Task Token_ManyCalls_EachCarriesTheCredentialsTokenForConnectorScope()
    {
        await using var services = await ConnectorServices.StartAsync();
        for (var i = 0; i < 3; i++)
        {
            await services.Client.SendToConversationAsync(services.Connector.ServiceUrl, "a:chat-" + i, MessageFactory.Text("x"));
        }

        // The credential caches its tokens (Azure.Identity does, per instance); the fake hands out a new one per request.
        CollectionAssert.AreEqual(
            new[] { "Bearer fake-bot-token-1", "Bearer fake-bot-token-2", "Bearer fake-bot-token-3" },
            services.Connector.Calls.Select(c => c.Authorization).ToArray());
        CollectionAssert.AreEqual(new[] { "https://api.botframework.com/.default" }, services.Credential.LastScopes.ToArray());
    }

    [TestMethod]
    public async Task Send_UntrustedServiceUrl_RefusedWithoutSending()
    {
        await using var services = await ConnectorServices.StartAsync();
        await using var attacker = await FakeBotConnector.StartAsync();

        await Assert.ThrowsExactlyAsync<UntrustedServiceUrlException>(() =>
            services.Client.SendToConversationAsync(attacker.ServiceUrl, "a:chat", MessageFactory.Text("x")));
        Assert.IsEmpty(attacker.Calls);
        Assert.AreEqual(0, services.Credential.RequestCount, "no token was even acquired");
    }
}
