using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using TeamsEscalationBot.TestHarness.Host;
using TeamsEscalationBot.TestHarness.Connector;

namespace TeamsEscalationBot.IntegrationTests.Bot;

/// <summary>Size limits, malformed bodies, unknown activity types and invoke answers on /api/messages.</summary>
[TestClass]
public sealed class RequestHygieneTests
{
    private static FakeBotConnector s_connector = null!;
    private static BotApp s_app = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext context)
    {
        s_connector = await FakeBotConnector.StartAsync();
        s_app = BotApp.Start(s_connector);
    }

    [ClassCleanup]
    public static async Task StopAsync()
    {
        await s_app.DisposeAsync();
        await s_connector.DisposeAsync();
    }

    [TestMethod]
    public async Task Post_BodyOver256KB_PayloadTooLarge()
    {
        using var client = s_app.CreateBotClient();
        using var response = await client.PostAsync(Activities.Message(s_connector.ServiceUrl, new string('x', 300 * 1024)));
        Assert.AreEqual(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [TestMethod]
    public async Task Post_ChunkedBodyOver256KB_PayloadTooLarge()
    {
        using var client = s_app.CreateBotClient();
        var json = Activities.Message(s_connector.ServiceUrl, new string('x', 300 * 1024)).ToJsonString();
        using var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(json)));
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        request.Headers.Authorization = new("Bearer", client.ValidToken());
        using var response = await client.Http.SendAsync(request);
        Assert.AreEqual(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [TestMethod]
    public async Task Post_BodyJustUnderLimit_Accepted()
    {
        using var client = s_app.CreateBotClient();
        var activity = Activities.Message(s_connector.ServiceUrl, "help");
        activity["summary"] = new string('y', 200 * 1024);
        using var response = await client.PostAsync(activity);
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
    }

    [TestMethod]
    public async Task Post_BodyExactlyAtLimit_AcceptedAndOneByteMorePayloadTooLarge()
    {
        using var client = s_app.CreateBotClient();
        Assert.AreEqual(HttpStatusCode.OK, await PostSizedAsync(client, 256 * 1024, chunked: false));
        Assert.AreEqual(HttpStatusCode.RequestEntityTooLarge, await PostSizedAsync(client, 256 * 1024 + 1, chunked: false));
    }

    /// <summary>The server counts a chunked body's framing (size lines and CRLFs) too, so the margin below the limit.</summary>
    [TestMethod]
    public async Task Post_ChunkedBodyJustUnderLimit_AcceptedAndOneByteOverPayloadTooLarge()
    {
        using var client = s_app.CreateBotClient();
        Assert.AreEqual(HttpStatusCode.OK, await PostSizedAsync(client, 255 * 1024, chunked: true));
        Assert.AreEqual(HttpStatusCode.RequestEntityTooLarge, await PostSizedAsync(client, 256 * 1024 + 1, chunked: true));
    }

    [TestMethod]
    [DataRow("{not json")]
    [DataRow("[1,2,3]")]
    [DataRow("")]
    [DataRow("{\"text\":\"no type\"}")]
    [DataRow("{\"type\":\"\"}")]
    public async Task Post_MalformedOrTypeless_BadRequest(string body)
    {
        using var client = s_app.CreateBotClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new("Bearer", client.ValidToken());
        using var response = await client.Http.SendAsync(request);
        Assert.AreEqual(HttpStatusCode.BadRequest, response.StatusCode);
    }

    /// <summary>A typing activity padded (in <c>summary</c>) to exactly <paramref name="bytes"/> bytes of UTF-8.</summary>
    private static async Task<HttpStatusCode> PostSizedAsync(BotClient client, int bytes, bool chunked)
    {
        var activity = Activities.Message(s_connector.ServiceUrl, "ignored");
        activity["type"] = "typing";
        activity["summary"] = string.Empty;
        var padding = bytes - Encoding.UTF8.GetByteCount(activity.ToJsonString());
        activity["summary"] = new string('y', padding);
        var body = Encoding.UTF8.GetBytes(activity.ToJsonString());
        Assert.HasCount(bytes, body);

        using var content = chunked ? new StreamContent(new MemoryStream(body)) : (HttpContent)new ByteArrayContent(body);
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = content };
        request.Headers.TransferEncodingChunked = chunked;
        request.Headers.Authorization = new("Bearer", client.ValidToken());
        using var response = await client.Http.SendAsync(request);
        return response.StatusCode;
    }

    [TestMethod]
    public async Task Get_MessagesEndpoint_MethodNotAllowed()
    {
        using var client = s_app.CreateBotClient();
        using var response = await client.Http.GetAsync("/api/messages");
        Assert.AreEqual(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    [TestMethod]
    public async Task Post_UnknownActivityType_OkAndIgnored()
    {
        using var client = s_app.CreateBotClient();
        var activity = Activities.Message(s_connector.ServiceUrl, "ignored");
        var conversationId = "a:unknown-" + Guid.NewGuid().ToString("N");
        activity["type"] = "somethingNew";
        activity["conversation"]!["id"] = conversationId;
        using var response = await client.PostAsync(activity);

        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.IsFalse(s_connector.Calls.Any(c => c.ConversationId == conversationId), "an unknown activity gets no answer");
    }

    [TestMethod]
    public async Task Post_InvokeWithoutHandler_NotImplemented()
    {
        using var client = s_app.CreateBotClient();
        using var response = await client.PostAsync(Activities.Invoke(s_connector.ServiceUrl, "composeExtension/query", new JsonObject()));
        Assert.AreEqual(HttpStatusCode.NotImplemented, response.StatusCode);
    }

    [TestMethod]
    public async Task Post_AdaptiveCardActionWithoutValue_Http200WithBadRequestBody()
    {
        using var client = s_app.CreateBotClient();
        using var response = await client.PostAsync(Activities.Invoke(s_connector.ServiceUrl, "adaptiveCard/action", null));
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.AreEqual(400, body["statusCode"]!.GetValue<int>());
        Assert.AreEqual("application/vnd.microsoft.error", body["type"]!.GetValue<string>());
        Assert.AreEqual("BadRequest", body["value"]!["code"]!.GetValue<string>());
    }

    [TestMethod]
    public async Task Post_AdaptiveCardActionSubmitType_Http200WithNotSupportedBody()
    {
        using var client = s_app.CreateBotClient();
        var value = new JsonObject { ["action"] = new JsonObject { ["type"] = "Action.Submit", ["verb"] = "x" }, ["trigger"] = "manual" };
        using var response = await client.PostAsync(Activities.Invoke(s_connector.ServiceUrl, "adaptiveCard/action", value));
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.AreEqual(400, body["statusCode"]!.GetValue<int>());
        Assert.AreEqual("NotSupported", body["value"]!["code"]!.GetValue<string>());
    }
}
