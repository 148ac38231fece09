using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using TeamsEscalationBot.TestHarness;
using TeamsEscalationBot.TestHarness.Connector;
using TeamsEscalationBot.TestHarness.Host;

namespace TeamsEscalationBot.IntegrationTests.Intake;

/// <summary>POST/GET /api/complaints over HTTP: auth, validation, idempotency, paging, rate limits, and the card that follows.</summary>
[TestClass]
public sealed class IntakeApiTests
{
    private static FakeBotConnector s_connector = null!;
    private static BotApp s_app = null!;

    public TestContext TestContext { get; set; } = null!;

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

    public static JsonObject Body(string? externalId = null, string text = "I was charged twice on my last invoice!") => new()
    {
        ["source"] = "brandwatch",
        ["externalId"] = externalId ?? Guid.NewGuid().ToString("N"),
        ["network"] = "x",
        ["authorHandle"] = "@angry_customer",
        ["text"] = text,
        ["url"] = "https://x.com/angry_customer/status/1790000000000000000",
        ["language"] = "en",
        ["priority"] = "high",
    };

    [TestMethod]
    public async Task Post_ValidComplaint_CreatedRoutedAndCardPostedInDepartmentChannel()
    {
        using var client = s_app.CreateIntakeClient();
        using var response = await client.PostAsJsonAsync("/api/complaints", Body());

        Assert.AreEqual(HttpStatusCode.Created, response.StatusCode);
        var created = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var id = created["id"]!.GetValue<string>();
        Assert.AreEqual($"/api/complaints/{id}", response.Headers.Location!.OriginalString);
        Assert.AreEqual("billing", created["department"]!["id"]!.GetValue<string>());
        Assert.AreEqual("received", created["state"]!.GetValue<string>());

        var post = (await s_connector.WaitForCallsAsync(c => c.IsCreateConversation && c.Body.Contains(id, StringComparison.Ordinal), cancellationToken: TestContext.CancellationToken)).Single();
        Assert.AreEqual(Activities.ChannelId, post.Json!["channelData"]!["channel"]!["id"]!.GetValue<string>());
        Assert.AreEqual("application/vnd.microsoft.card.adaptive", post.Json["activity"]!["attachments"]![0]!["contentType"]!.GetValue<string>());

        var shown = await WaitForStateAsync(client, id, "open", TestContext.CancellationToken);
        Assert.IsTrue(shown["card"]!["posted"]!.GetValue<bool>());
        var kinds = shown["history"]!.AsArray().Select(e => e!["kind"]!.GetValue<string>()).ToList();
        CollectionAssert.AreEqual(new[] { "received", "routed", "cardPosted" }, kinds);
        Assert.AreEqual("keyword", shown["history"]![1]!["routingRule"]!.GetValue<string>());
    }

    [TestMethod]
    public async Task Post_ValidComplaint_CountedByTheServiceMeter()
    {
        using var received = new Microsoft.Extensions.Diagnostics.Metrics.Testing.MetricCollector<long>(
            null, "TeamsEscalationBot", "escalations.complaints.received");
        using var client = s_app.CreateIntakeClient();
        var body = Body();
        body["source"] = "meter-" + Guid.NewGuid().ToString("N")[..8];

        using var response = await client.PostAsJsonAsync("/api/complaints", body);

        Assert.AreEqual(HttpStatusCode.Created, response.StatusCode);
        Assert.IsTrue(received.GetMeasurementSnapshot().Any(m => Equals(m.Tags["source"], body["source"]!.GetValue<string>()) && Equals(m.Tags["rule"], "Keyword")));
    }

    [TestMethod]
    public async Task Post_SameRequestTwice_OkWithSameComplaint()
    {
        using var client = s_app.CreateIntakeClient();
        var body = Body();
        using var first = await client.PostAsJsonAsync("/api/complaints", body);
        using var second = await client.PostAsJsonAsync("/api/complaints", body);

        Assert.AreEqual(HttpStatusCode.Created, first.StatusCode);
        Assert.AreEqual(HttpStatusCode.OK, second.StatusCode);
        Assert.AreEqual(
            JsonNode.Parse(await first.Content.ReadAsStringAsync())!["id"]!.GetValue<string>(),
            JsonNode.Parse(await second.Content.ReadAsStringAsync())!["id"]!.GetValue<string>());
    }

    [TestMethod]
    public async Task Post_SameKeyDifferentContent_Conflict()
    {
        using var client = s_app.CreateIntakeClient();
        var externalId = Guid.NewGuid().ToString("N");
        using var first = await client.PostAsJsonAsync("/api/complaints", Body(externalId));
        using var second = await client.PostAsJsonAsync("/api/complaints", Body(externalId, "A completely different complaint"));

        Assert.AreEqual(HttpStatusCode.Conflict, second.StatusCode);
        Assert.AreEqual("application/problem+json", second.Content.Headers.ContentType!.MediaType);
        var problem = JsonNode.Parse(await second.Content.ReadAsStringAsync())!;
        Assert.AreEqual(JsonNode.Parse(await first.Content.ReadAsStringAsync())!["id"]!.GetValue<string>(), problem["complaintId"]!.GetValue<string>());
    }

    [TestMethod]
    public async Task Post_ManyBadFields_ProblemListsEveryOneAndStoresNothing()
    {
        using var client = s_app.CreateIntakeClient();
        var externalId = Guid.NewGuid().ToString("N");
        var body = new JsonObject
        {
            ["source"] = "brandwatch",
            ["externalId"] = externalId,
            ["network"] = "myspace",
            ["text"] = new string('x', 10_001),
            ["url"] = "javascript:alert(1)",
            ["priority"] = "urgent",
            ["department"] = "legal",
            ["callbackUrl"] = "https://evil.example/hook",
        };

        using var response = await client.PostAsJsonAsync("/api/complaints", body);

        Assert.AreEqual(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]!.AsObject();
        foreach (var field in new[] { "network", "authorHandle", "text", "url", "priority", "callbackUrl" })
        {
            Assert.IsTrue(errors.ContainsKey(field), $"'{field}' is reported; got {errors.ToJsonString()}");
        }

        body["network"] = "x";
        body["text"] = "fine";
        body["url"] = "https://x.com/a";
        body["priority"] = "low";
        body["authorHandle"] = "@a";
        body.Remove("callbackUrl");
        using var unknownDepartment = await client.PostAsJsonAsync("/api/complaints", body);
        Assert.AreEqual(HttpStatusCode.BadRequest, unknownDepartment.StatusCode);
        StringAssert.Contains(await unknownDepartment.Content.ReadAsStringAsync(), "department");

        using var list = await client.GetAsync("/api/complaints?pageSize=100");
        Assert.DoesNotContain(externalId, await list.Content.ReadAsStringAsync(), "nothing half-written was stored");
    }

    [TestMethod]
    public async Task Post_MalformedJson_BadRequestProblem()
    {
        using var client = s_app.CreateIntakeClient();
        using var response = await client.PostAsync("/api/complaints", new StringContent("{\"source\": ", Encoding.UTF8, "application/json"));
        Assert.AreEqual(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [TestMethod]
    [DataRow(null)]
    [DataRow("wrong-key-wrong-key-wrong-key-0001")]
    public async Task Post_MissingOrWrongKey_Unauthorized(string? key)
    {
        using var client = s_app.CreateIntakeClient(key);
        using var response = await client.PostAsJsonAsync("/api/complaints", Body());
        Assert.AreEqual(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.AreEqual("Bearer realm=\"intake\"", response.Headers.WwwAuthenticate.ToString());
    }

    [TestMethod]
    public async Task Get_UnknownId_NotFoundProblem()
    {
        using var client = s_app.CreateIntakeClient();
        using var response = await client.GetAsync("/api/complaints/C0000000000000000");
        Assert.AreEqual(HttpStatusCode.NotFound, response.StatusCode);
        Assert.AreEqual("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [TestMethod]
    public async Task List_ByStateAndDepartment_PagesThroughEverything()
    {
        using var client = s_app.CreateIntakeClient();
        var source = "pager-" + Guid.NewGuid().ToString("N")[..8];
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var body = Body(text: "The refund never arrived, order " + i);
            body["source"] = source;
            using var response = await client.PostAsJsonAsync("/api/complaints", body);
            ids.Add(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!.GetValue<string>());
        }

        foreach (var id in ids)
        {
            await WaitForStateAsync(client, id, "open", TestContext.CancellationToken);
        }

        var seen = new List<string>();
        string? cursor = null;
        for (var page = 0; page < 100; page++)
        {
            using var response = await client.GetAsync($"/api/complaints?state=open&department=billing&pageSize=2{(cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor))}");
            Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
            var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            seen.AddRange(json["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()));
            Assert.IsTrue(json["items"]!.AsArray().All(i => i!["state"]!.GetValue<string>() == "open" && i["department"]!["id"]!.GetValue<string>() == "billing"));
            cursor = json["nextCursor"]?.GetValue<string>();
            if (cursor is null)
            {
                break;
            }
        }

        CollectionAssert.IsSubsetOf(ids, seen);
        Assert.HasCount(seen.Count, seen.Distinct().ToList(), "no complaint appears twice across pages");
    }

    [TestMethod]
    [DataRow("state=pending")]
    [DataRow("department=legal")]
    [DataRow("pageSize=0")]
    [DataRow("pageSize=101")]
    public async Task List_BadQuery_ValidationProblem(string query)
    {
        using var client = s_app.CreateIntakeClient();
        using var response = await client.GetAsync("/api/complaints?" + query);
        Assert.AreEqual(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [TestMethod]
    public async Task OpenApi_Document_DescribesTheIntakeApi()
    {
        using var client = s_app.CreateClient();
        using var response = await client.GetAsync("/openapi/v1.json");
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        var document = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.IsNotNull(document["paths"]!["/api/complaints"]!["post"]);
        Assert.IsNotNull(document["paths"]!["/api/complaints/{id}"]!["get"]);
    }

    internal static Task<JsonNode> WaitForStateAsync(HttpClient client, string id, string state, CancellationToken cancellationToken) =>
        Eventually.UntilAsync(
            async probe => JsonNode.Parse(await client.GetStringAsync($"/api/complaints/{id}", probe))!,
            complaint => complaint["state"]!.GetValue<string>() == state,
            cancellationToken,
            because: $"for complaint {id} to be {state}");
}
