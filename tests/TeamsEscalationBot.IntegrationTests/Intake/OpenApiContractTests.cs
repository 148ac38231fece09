using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using TeamsEscalationBot.Features.Intake;
using TeamsEscalationBot.TestHarness.Connector;
using TeamsEscalationBot.TestHarness.Host;

namespace TeamsEscalationBot.IntegrationTests.Intake;

/// <summary>
/// The OpenAPI document served at /openapi/v1.json is the contract: it states what a request needs, and every answer of
/// every operation — successes and errors alike, in the Production environment — is valid against it.
/// </summary>
[TestClass]
public sealed class OpenApiContractTests
{
    private static FakeBotConnector s_connector = null!;
    private static BotApp s_app = null!;

    public TestContext TestContext { get; set; } = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext context)
    {
        s_connector = await FakeBotConnector.StartAsync();
        s_app = BotApp.Start(s_connector, IntakeKeyBindingTests.Settings());
    }

    [ClassCleanup]
    public static async Task StopAsync()
    {
        await s_app.DisposeAsync();
        await s_connector.DisposeAsync();
    }

    [TestMethod]
    public async Task EveryOperation_EveryKindOfAnswer_ValidAgainstTheServedDocument()
    {
        var recorded = new OpenApiResponses();
        var ct = TestContext.CancellationToken;
        using var brandwatch = s_app.CreateIntakeClient(IntakeKeyBindingTests.BrandwatchKey);
        using var all = s_app.CreateIntakeClient();
        using var anonymous = s_app.CreateIntakeClient(key: null);
        using var wrongKey = s_app.CreateIntakeClient("wrong-key-wrong-key-wrong-key-0001");

        var full = IntakeKeyBindingTests.Body("brandwatch");
        full["url"] = "https://x.com/angry_customer/status/1790000000000000000";
        full["language"] = "en";
        full["priority"] = "high";
        full["category"] = "billing";
        full["requester"] = new JsonObject { ["upn"] = "ana@contoso.com", ["displayName"] = "Ana Ruiz" };
        full["callbackUrl"] = "https://hooks.brandwatch.example/teb";
        var created = await PostAsync(recorded, "created", brandwatch, full);
        var id = JsonNode.Parse(created.Body)!["id"]!.GetValue<string>();
        await PostAsync(recorded, "same again", brandwatch, full);
        var changed = full.DeepClone().AsObject();
        changed["text"] = "Other content";
        await PostAsync(recorded, "conflict", brandwatch, changed);
        await PostAsync(recorded, "invalid fields", brandwatch, new JsonObject { ["source"] = "brandwatch", ["network"] = "myspace", ["priority"] = "urgent", ["text"] = new string('x', 10_001) });
        await PostAsync(recorded, "other source", brandwatch, IntakeKeyBindingTests.Body("sprinklr"));
        await PostAsync(recorded, "no key", anonymous, full);
        await PostAsync(recorded, "wrong key", wrongKey, full);
        await PostRawAsync(recorded, "malformed JSON", brandwatch, "{\"source\": ", "application/json");
        await PostRawAsync(recorded, "object for a string", brandwatch, "{\"source\":\"brandwatch\",\"callbackUrl\":{}}", "application/json");
        await PostRawAsync(recorded, "null body", brandwatch, "null", "application/json");
        await PostRawAsync(recorded, "not JSON", brandwatch, "source=brandwatch", "text/plain");

        await WaitUntilOpenAsync(all, id);
        await GetAsync(recorded, "own complaint", brandwatch, $"/api/complaints/{id}", "GetComplaint");
        await GetAsync(recorded, "unknown id", brandwatch, "/api/complaints/C0000000000000000", "GetComplaint");
        using var sprinklr = s_app.CreateIntakeClient(IntakeKeyBindingTests.SprinklrKey);
        await GetAsync(recorded, "other source's complaint", sprinklr, $"/api/complaints/{id}", "GetComplaint");
        await GetAsync(recorded, "get without key", anonymous, $"/api/complaints/{id}", "GetComplaint");
        await GetAsync(recorded, "list", all, "/api/complaints?pageSize=5", "ListComplaints");
        await GetAsync(recorded, "list by state and department", brandwatch, "/api/complaints?state=open&department=billing", "ListComplaints");
        foreach (var query in new[] { "pageSize=abc", "pageSize=0", "pageSize=101", "state=pending", "department=legal", "cursor=not-a-cursor" })
        {
            await GetAsync(recorded, "list " + query, brandwatch, "/api/complaints?" + query, "ListComplaints");
        }

        await GetAsync(recorded, "list without key", anonymous, "/api/complaints", "ListComplaints");
        await RecordTooManyRequestsAsync(recorded);

        var verdicts = await recorded.ValidateAsync(all, ct);

        var failures = verdicts.Where(v => v.Errors.Count > 0).ToList();
        Assert.IsEmpty(failures, OpenApiResponses.Describe(failures));
        var statuses = recorded.All.GroupBy(r => r.OperationId).ToDictionary(g => g.Key, g => g.Select(r => r.Status).Distinct().Order().ToList());
        CollectionAssert.IsSubsetOf(new[] { 200, 201, 400, 401, 403, 409, 415, 429 }, statuses["SubmitComplaint"]);
        CollectionAssert.IsSubsetOf(new[] { 200, 401, 404, 429 }, statuses["GetComplaint"]);
        CollectionAssert.IsSubsetOf(new[] { 200, 400, 401, 429 }, statuses["ListComplaints"]);
    }

    [TestMethod]
    [DataRow("POST", "{\"source\": ", "malformed JSON")]
    [DataRow("POST", "{\"source\":\"brandwatch\",\"callbackUrl\":{}}", "an object where a string belongs")]
    [DataRow("POST", "[1, 2, 3]", "an array for the body")]
    [DataRow("GET", "pageSize=abc", "a word for a number")]
    [DataRow("GET", "pageSize=99999999999", "a number beyond int32")]
    public async Task Request_ThatCannotBeBound_ProblemDetailsInProduction(string method, string input, string what)
    {
        using var client = s_app.CreateIntakeClient(IntakeKeyBindingTests.BrandwatchKey);

        using var response = method == "POST"
            ? await client.PostAsync("/api/complaints", new StringContent(input, Encoding.UTF8, "application/json"), TestContext.CancellationToken)
            : await client.GetAsync("/api/complaints?" + input, TestContext.CancellationToken);

        Assert.AreEqual(HttpStatusCode.BadRequest, response.StatusCode, what);
        Assert.AreEqual("application/problem+json", response.Content.Headers.ContentType?.MediaType, what);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.CancellationToken))!;
        Assert.AreEqual(400, problem["status"]!.GetValue<int>());
        StringAssert.Contains(problem["detail"]!.GetValue<string>(), "/openapi/v1.json");
    }

    [TestMethod]
    public async Task Document_RequestSchema_StatesRequiredFieldsWordsAndLengths()
    {
        var document = await DocumentAsync();
        var request = document["components"]!["schemas"]!["IntakeRequest"]!;
        var properties = request["properties"]!.AsObject();

        CollectionAssert.AreEquivalent(new[] { "source", "externalId", "network", "authorHandle", "text" }, Strings(request["required"]));
        foreach (var field in new[] { "source", "externalId", "authorHandle", "text" })
        {
            Assert.AreEqual("string", properties[field]!["type"]!.GetValue<string>(), $"{field} may not be null");
            Assert.AreEqual(1, properties[field]!["minLength"]!.GetValue<int>(), field);
        }

        CollectionAssert.AreEqual(new[] { "x", "facebook", "instagram", "tiktok", "linkedin", "email", "other" }, Strings(properties["network"]!["enum"]));
        CollectionAssert.AreEqual(new[] { "low", "normal", "high", "critical", null }, Strings(properties["priority"]!["enum"]));
        foreach (var (field, max) in IntakeLimits.ByField)
        {
            var schema = field.StartsWith("requester.", StringComparison.Ordinal)
                ? document["components"]!["schemas"]!["IntakeRequester"]!["properties"]![field["requester.".Length..]]!
                : properties[field]!;
            Assert.AreEqual(max, schema["maxLength"]?.GetValue<int>(), $"maxLength of {field}");
        }

        var body = document["paths"]!["/api/complaints"]!["post"]!["requestBody"]!;
        Assert.IsTrue(body["required"]!.GetValue<bool>());
        Assert.AreEqual("#/components/schemas/IntakeRequest", body["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>());
    }

    [TestMethod]
    public async Task Document_ListParameters_BoundedPageSizeAndKnownStates()
    {
        var document = await DocumentAsync();
        var parameters = document["paths"]!["/api/complaints"]!["get"]!["parameters"]!.AsArray();
        var pageSize = parameters.Single(p => p!["name"]!.GetValue<string>() == "pageSize")!["schema"]!;
        var state = parameters.Single(p => p!["name"]!.GetValue<string>() == "state")!["schema"]!;

        Assert.AreEqual("integer", pageSize["type"]!.GetValue<string>());
        Assert.AreEqual(1, pageSize["minimum"]!.GetValue<int>());
        Assert.AreEqual(100, pageSize["maximum"]!.GetValue<int>());
        Assert.IsNull(pageSize["pattern"]);
        CollectionAssert.AreEqual(new[] { "received", "open", "claimed", "answered", "closed" }, Strings(state["enum"]));
    }

    [TestMethod]
    public async Task Document_Responses_DeclaredAsProblemsAndNullableOnlyOnce()
    {
        var document = await DocumentAsync();
        var paths = document["paths"]!;
        var expected = new Dictionary<string, string[]>
        {
            ["/api/complaints post"] = ["200", "201", "400", "401", "403", "409", "415", "429", "503"],
            ["/api/complaints get"] = ["200", "400", "401", "429", "503"],
            ["/api/complaints/{id} get"] = ["200", "401", "404", "429", "503"],
        };

        foreach (var (operation, statuses) in expected)
        {
            var parts = operation.Split(' ');
            var responses = paths[parts[0]]![parts[1]]!["responses"]!.AsObject();
            CollectionAssert.AreEquivalent(statuses, responses.Select(r => r.Key).ToList(), operation);
            foreach (var (status, response) in responses.Where(r => r.Key[0] == '4'))
            {
                CollectionAssert.AreEqual(new[] { "application/problem+json" }, response!["content"]!.AsObject().Select(c => c.Key).ToList(), $"{operation} {status}");
            }
        }

        var routingRule = document["components"]!["schemas"]!["RoutingRule"]!;
        Assert.IsFalse(routingRule["enum"]!.AsArray().Any(v => v is null), "null is said where the rule is used (oneOf), not in the rule's words too");
        Assert.AreEqual("string", routingRule["type"]!.GetValue<string>());
    }

    [TestMethod]
    public async Task Document_Security_EveryOperationNeedsTheBearerKey()
    {
        var document = await DocumentAsync();
        var scheme = document["components"]!["securitySchemes"]!["intakeKey"]!;

        Assert.AreEqual("http", scheme["type"]!.GetValue<string>());
        Assert.AreEqual("bearer", scheme["scheme"]!.GetValue<string>());
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                var security = operation!["security"]?.AsArray();
                Assert.IsNotNull(security, $"{method} {path}");
                Assert.IsTrue(security.Any(s => s!.AsObject().ContainsKey("intakeKey")), $"{method} {path}");
            }
        }
    }

    private async Task<JsonNode> DocumentAsync()
    {
        using var client = s_app.CreateClient();
        return JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json", TestContext.CancellationToken))!;
    }

    private static List<string?> Strings(JsonNode? array) => [.. array!.AsArray().Select(v => v?.GetValue<string>())];

    /// <summary>429 from every operation: a host whose keys may make one request a minute, and a key that spent it.</summary>
    private async Task RecordTooManyRequestsAsync(OpenApiResponses recorded)
    {
        await using var limited = BotApp.Start(s_connector, new Dictionary<string, string?> { ["Intake:RequestsPerMinute"] = "1" });
        using var client = limited.CreateIntakeClient();
        await PostAsync(recorded, "within the limit", client, IntakeKeyBindingTests.Body("brandwatch"));
        var post = await PostAsync(recorded, "post over the limit", client, IntakeKeyBindingTests.Body("brandwatch"));
        await GetAsync(recorded, "get over the limit", client, "/api/complaints/C0000000000000000", "GetComplaint");
        await GetAsync(recorded, "list over the limit", client, "/api/complaints", "ListComplaints");
        Assert.AreEqual(429, post.Status, post.Body);
    }

    private async Task<OpenApiResponses.Recording> PostAsync(OpenApiResponses recorded, string name, HttpClient client, JsonObject body)
    {
        using var response = await client.PostAsJsonAsync("/api/complaints", body, TestContext.CancellationToken);
        return await recorded.RecordAsync(name, "SubmitComplaint", response, OpenApiResponses.Json(body), TestContext.CancellationToken);
    }

    private async Task PostRawAsync(OpenApiResponses recorded, string name, HttpClient client, string body, string contentType)
    {
        using var response = await client.PostAsync("/api/complaints", new StringContent(body, Encoding.UTF8, contentType), TestContext.CancellationToken);
        await recorded.RecordAsync(name, "SubmitComplaint", response, body, TestContext.CancellationToken);
    }

    private async Task GetAsync(OpenApiResponses recorded, string name, HttpClient client, string path, string operationId)
    {
        using var response = await client.GetAsync(path, TestContext.CancellationToken);
        await recorded.RecordAsync(name, operationId, response, path, TestContext.CancellationToken);
    }

    private async Task WaitUntilOpenAsync(HttpClient client, string id)
    {
        for (var i = 0; i < 200; i++)
        {
            var complaint = JsonNode.Parse(await client.GetStringAsync($"/api/complaints/{id}", TestContext.CancellationToken))!;
            if (complaint["state"]!.GetValue<string>() == "open")
            {
                return;
            }

            await Task.Delay(50, TestContext.CancellationToken);
        }

        throw new AssertFailedException($"Complaint {id} did not reach open.");
    }
}
