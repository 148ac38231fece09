using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TeamsEscalationBot.TestHarness.Connector;
using TeamsEscalationBot.TestHarness.Host;

namespace TeamsEscalationBot.IntegrationTests.Intake;

/// <summary>
/// Each intake key acts for its own sources only: it cannot submit for another source (nor squat its externalIds, nor
/// borrow its callback hosts), and it cannot read or list another source's complaints. Per source, callback ports and
/// requester domains are restricted.
/// </summary>
[TestClass]
public sealed class IntakeKeyBindingTests
{
    public const string BrandwatchKey = "brandwatch-integration-key-000001";
    public const string SprinklrKey = "sprinklr-integration-key-0000001";

    private static FakeBotConnector s_connector = null!;
    private static BotApp s_app = null!;

    public TestContext TestContext { get; set; } = null!;

    /// <summary>brandwatch: configured by its hash, one source; sprinklr: the plain key, two sources; plus the harness's key for every source.</summary>
    public static Dictionary<string, string?> Settings() => new()
    {
        ["Intake:Keys:1:Name"] = "brandwatch",
        ["Intake:Keys:1:Hash"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(BrandwatchKey))),
        ["Intake:Keys:1:Sources:0"] = "brandwatch",
        ["Intake:Keys:2:Name"] = "sprinklr",
        ["Intake:Keys:2:Key"] = SprinklrKey,
        ["Intake:Keys:2:Sources:0"] = "sprinklr",
        ["Intake:Keys:2:Sources:1"] = "sprout",
        ["Intake:Sources:brandwatch:CallbackSecret"] = "brandwatch-callback-secret-0001",
        ["Intake:Sources:brandwatch:AllowedCallbackHosts:0"] = "hooks.brandwatch.example",
        ["Intake:Sources:brandwatch:AllowedRequesterDomains:0"] = "contoso.com",
        ["Intake:Sources:sprinklr:CallbackSecret"] = "sprinklr-callback-secret-00001",
        ["Intake:Sources:sprinklr:AllowedCallbackHosts:0"] = "hooks.sprinklr.example",
        ["Intake:Sources:sprinklr:AllowedCallbackPorts:0"] = "8443",
    };

    [ClassInitialize]
    public static async Task StartAsync(TestContext context)
    {
        s_connector = await FakeBotConnector.StartAsync();
        s_app = BotApp.Start(s_connector, Settings());
    }

    [ClassCleanup]
    public static async Task StopAsync()
    {
        await s_app.DisposeAsync();
        await s_connector.DisposeAsync();
    }

    [TestMethod]
    public async Task Post_SourceTheKeyIsNotBoundTo_ForbiddenProblemAndNothingStored()
    {
        using var sprinklr = s_app.CreateIntakeClient(SprinklrKey);
        var body = Body("brandwatch");
        body["callbackUrl"] = "https://hooks.brandwatch.example/steal";

        using var response = await sprinklr.PostAsJsonAsync("/api/complaints", body, TestContext.CancellationToken);

        Assert.AreEqual(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.AreEqual("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.CancellationToken))!;
        Assert.AreEqual(403, problem["status"]!.GetValue<int>());
        Assert.DoesNotContain("hooks.brandwatch.example", problem.ToJsonString(), "nothing of the other source's configuration is told");
        using var all = s_app.CreateIntakeClient();
        Assert.IsFalse((await ListAllAsync(all)).Any(i => i.ExternalId == body["externalId"]!.GetValue<string>()), "nothing was stored");
    }

    [TestMethod]
    public async Task Post_AnotherSourcesExternalId_ForbiddenWithoutItsComplaintId()
    {
        using var brandwatch = s_app.CreateIntakeClient(BrandwatchKey);
        using var sprinklr = s_app.CreateIntakeClient(SprinklrKey);
        var original = Body("brandwatch");
        using var created = await brandwatch.PostAsJsonAsync("/api/complaints", original, TestContext.CancellationToken);
        Assert.AreEqual(HttpStatusCode.Created, created.StatusCode);
        var id = JsonNode.Parse(await created.Content.ReadAsStringAsync(TestContext.CancellationToken))!["id"]!.GetValue<string>();

        var squat = Body("brandwatch", original["externalId"]!.GetValue<string>());
        squat["text"] = "Something else entirely, to learn the complaint id from a conflict";
        using var response = await sprinklr.PostAsJsonAsync("/api/complaints", squat, TestContext.CancellationToken);

        Assert.AreEqual(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain(id, await response.Content.ReadAsStringAsync(TestContext.CancellationToken));
    }

    [TestMethod]
    public async Task Post_SameExternalIdWithinTheKeysOwnSource_ConflictNamesItsComplaint()
    {
        using var brandwatch = s_app.CreateIntakeClient(BrandwatchKey);
        var original = Body("brandwatch");
        using var created = await brandwatch.PostAsJsonAsync("/api/complaints", original, TestContext.CancellationToken);
        var id = JsonNode.Parse(await created.Content.ReadAsStringAsync(TestContext.CancellationToken))!["id"]!.GetValue<string>();
        var changed = Body("brandwatch", original["externalId"]!.GetValue<string>());
        changed["text"] = "Different content under the same externalId";

        using var response = await brandwatch.PostAsJsonAsync("/api/complaints", changed, TestContext.CancellationToken);

        Assert.AreEqual(HttpStatusCode.Conflict, response.StatusCode);
        Assert.AreEqual(id, JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.CancellationToken))!["complaintId"]!.GetValue<string>());
    }

    [TestMethod]
    public async Task Post_KeyConfiguredByItsHash_AcceptedAndNamedInTheHistory()
    {
        using var brandwatch = s_app.CreateIntakeClient(BrandwatchKey);

        using var response = await brandwatch.PostAsJsonAsync("/api/complaints", Body("BrandWatch"), TestContext.CancellationToken);

        Assert.AreEqual(HttpStatusCode.Created, response.StatusCode, "source names are compared ignoring case");
        var actor = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.CancellationToken))!["history"]![0]!["actor"]!;
        Assert.AreEqual("brandwatch", actor["id"]!.GetValue<string>());
        Assert.AreEqual("api", actor["kind"]!.GetValue<string>());
    }

    [TestMethod]
    public async Task Get_AnotherSourcesComplaint_NotFoundExactlyLikeAnUnknownId()
    {
        using var brandwatch = s_app.CreateIntakeClient(BrandwatchKey);
        using var sprinklr = s_app.CreateIntakeClient(SprinklrKey);
        using var created = await brandwatch.PostAsJsonAsync("/api/complaints", Body("brandwatch"), TestContext.CancellationToken);
        var id = JsonNode.Parse(await created.Content.ReadAsStringAsync(TestContext.CancellationToken))!["id"]!.GetValue<string>();
        var unknownId = id[..^4] + (id[^4..] == "ZZZZ" ? "YYYY" : "ZZZZ");

        using var other = await sprinklr.GetAsync($"/api/complaints/{id}", TestContext.CancellationToken);
        using var unknown = await sprinklr.GetAsync($"/api/complaints/{unknownId}", TestContext.CancellationToken);
        using var own = await brandwatch.GetAsync($"/api/complaints/{id}", TestContext.CancellationToken);

        Assert.AreEqual(HttpStatusCode.OK, own.StatusCode);
        Assert.AreEqual(HttpStatusCode.NotFound, other.StatusCode);
        Assert.AreEqual(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.AreEqual(unknown.Content.Headers.ContentType!.ToString(), other.Content.Headers.ContentType!.ToString());
        Assert.AreEqual(
            Shape(await unknown.Content.ReadAsStringAsync(TestContext.CancellationToken), unknownId),
            Shape(await other.Content.ReadAsStringAsync(TestContext.CancellationToken), id));
    }

    [TestMethod]
    public async Task List_KeyBoundToSources_ShowsOnlyThoseSourcesComplaints()
    {
        using var brandwatch = s_app.CreateIntakeClient(BrandwatchKey);
        using var sprinklr = s_app.CreateIntakeClient(SprinklrKey);
        var brandwatchIds = new List<string>();
        var sprinklrIds = new List<string>();
        foreach (var (client, source, ids) in new[] { (brandwatch, "brandwatch", brandwatchIds), (brandwatch, "brandwatch", brandwatchIds), (sprinklr, "sprinklr", sprinklrIds), (sprinklr, "sprout", sprinklrIds) })
        {
            using var response = await client.PostAsJsonAsync("/api/complaints", Body(source), TestContext.CancellationToken);
            Assert.AreEqual(HttpStatusCode.Created, response.StatusCode);
            ids.Add(JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.CancellationToken))!["id"]!.GetValue<string>());
        }

        var seenBySprinklr = await ListAllAsync(sprinklr);
        var seenByBrandwatch = await ListAllAsync(brandwatch);
        using var all = s_app.CreateIntakeClient();
        var seenByAll = await ListAllAsync(all);

        CollectionAssert.IsSubsetOf(sprinklrIds, seenBySprinklr.Select(i => i.Id).ToList());
        Assert.IsTrue(seenBySprinklr.All(i => i.Source is "sprinklr" or "sprout"), string.Join(", ", seenBySprinklr.Select(i => i.Source).Distinct()));
        CollectionAssert.IsSubsetOf(brandwatchIds, seenByBrandwatch.Select(i => i.Id).ToList());
        Assert.IsTrue(seenByBrandwatch.All(i => string.Equals(i.Source, "brandwatch", StringComparison.OrdinalIgnoreCase)));
        CollectionAssert.IsSubsetOf(brandwatchIds.Concat(sprinklrIds).ToList(), seenByAll.Select(i => i.Id).ToList(), "a key for every source sees them all");
    }

    [TestMethod]
    public async Task Post_CallbackOnAPortTheSourceDoesNotAllow_BadRequest()
    {
        using var brandwatch = s_app.CreateIntakeClient(BrandwatchKey);
        using var sprinklr = s_app.CreateIntakeClient(SprinklrKey);
        var refused = Body("brandwatch");
        refused["callbackUrl"] = "https://hooks.brandwatch.example:8443/teb";
        var allowed = Body("sprinklr");
        allowed["callbackUrl"] = "https://hooks.sprinklr.example:8443/teb";
        var standard = Body("brandwatch");
        standard["callbackUrl"] = "https://hooks.brandwatch.example/teb";

        using var refusedResponse = await brandwatch.PostAsJsonAsync("/api/complaints", refused, TestContext.CancellationToken);
        using var allowedResponse = await sprinklr.PostAsJsonAsync("/api/complaints", allowed, TestContext.CancellationToken);
        using var standardResponse = await brandwatch.PostAsJsonAsync("/api/complaints", standard, TestContext.CancellationToken);

        Assert.AreEqual(HttpStatusCode.BadRequest, refusedResponse.StatusCode);
        var errors = JsonNode.Parse(await refusedResponse.Content.ReadAsStringAsync(TestContext.CancellationToken))!["errors"]!;
        StringAssert.Contains(errors["callbackUrl"]![0]!.GetValue<string>(), "port 8443 is not allowed");
        Assert.AreEqual(HttpStatusCode.Created, allowedResponse.StatusCode, "the sprinklr source allows 8443");
        Assert.AreEqual(HttpStatusCode.Created, standardResponse.StatusCode, "443 is always allowed");
    }

    [TestMethod]
    public async Task Post_RequesterOutsideTheSourcesDomains_BadRequest()
    {
        using var brandwatch = s_app.CreateIntakeClient(BrandwatchKey);
        var outside = Body("brandwatch");
        outside["requester"] = new JsonObject { ["upn"] = "eve@evil.example" };
        var inside = Body("brandwatch");
        inside["requester"] = new JsonObject { ["upn"] = "ana@contoso.com" };

        using var outsideResponse = await brandwatch.PostAsJsonAsync("/api/complaints", outside, TestContext.CancellationToken);
        using var insideResponse = await brandwatch.PostAsJsonAsync("/api/complaints", inside, TestContext.CancellationToken);

        Assert.AreEqual(HttpStatusCode.BadRequest, outsideResponse.StatusCode);
        StringAssert.Contains(await outsideResponse.Content.ReadAsStringAsync(TestContext.CancellationToken), "requester.upn");
        Assert.AreEqual(HttpStatusCode.Created, insideResponse.StatusCode);
    }

    [TestMethod]
    public async Task Start_TwoKeysWithOneName_RefusedNamingTheEntries()
    {
        await using var connector = await FakeBotConnector.StartAsync();
        var settings = Settings();
        settings["Intake:Keys:2:Name"] = "Brandwatch";

        var error = Assert.ThrowsExactly<OptionsValidationException>(() => BotApp.Start(connector, settings));

        StringAssert.Contains(error.Message, "Intake:Keys:2:Name 'Brandwatch' is already the name of Intake:Keys:1");
    }

    [TestMethod]
    public async Task Start_KeyWithoutSources_Refused()
    {
        await using var connector = await FakeBotConnector.StartAsync();
        var settings = Settings();
        settings["Intake:Keys:1:Sources:0"] = null;

        var error = Assert.ThrowsExactly<OptionsValidationException>(() => BotApp.Start(connector, settings));

        StringAssert.Contains(error.Message, "Intake:Keys:1:Sources must list");
    }

    /// <summary>Keys configured the old way (Intake:ApiKeys) still work, for every source, and the service says on start where they belong now.</summary>
    [TestMethod]
    public async Task Start_OldApiKeysShape_StillAcceptedForEverySourceWithAWarning()
    {
        const string legacyKey = "legacy-integration-intake-key-001";
        await using var connector = await FakeBotConnector.StartAsync();
        await using var app = BotApp.Start(connector, new Dictionary<string, string?>
        {
            ["Intake:Keys:0:Name"] = null,
            ["Intake:Keys:0:Key"] = null,
            ["Intake:Keys:0:Sources:0"] = null,
            ["Intake:ApiKeys:0"] = legacyKey,
        });
        using var client = app.CreateIntakeClient(legacyKey);

        using var first = await client.PostAsJsonAsync("/api/complaints", Body("brandwatch"), TestContext.CancellationToken);
        using var second = await client.PostAsJsonAsync("/api/complaints", Body("any-other-tool"), TestContext.CancellationToken);
        var id = JsonNode.Parse(await second.Content.ReadAsStringAsync(TestContext.CancellationToken))!["id"]!.GetValue<string>();
        using var read = await client.GetAsync($"/api/complaints/{id}", TestContext.CancellationToken);
        using var harnessKey = await app.CreateIntakeClient().GetAsync($"/api/complaints/{id}", TestContext.CancellationToken);

        Assert.AreEqual(HttpStatusCode.Created, first.StatusCode);
        Assert.AreEqual(HttpStatusCode.Created, second.StatusCode);
        Assert.AreEqual(HttpStatusCode.OK, read.StatusCode);
        Assert.AreEqual(HttpStatusCode.Unauthorized, harnessKey.StatusCode, "the named key was blanked out");
        var warning = app.Logs.GetSnapshot().Single(l => l.Level == LogLevel.Warning && l.Message.Contains("Intake:ApiKeys", StringComparison.Ordinal));
        StringAssert.Contains(warning.Message, "Move each to Intake:Keys");
        Assert.DoesNotContain(legacyKey, warning.Message);
    }

    [TestMethod]
    public async Task Start_NamedKeysOnly_NoMigrationWarning()
    {
        await using var connector = await FakeBotConnector.StartAsync();
        await using var app = BotApp.Start(connector, Settings());
        using var client = app.CreateIntakeClient();
        using var response = await client.GetAsync("/api/complaints?pageSize=1", TestContext.CancellationToken);

        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.IsFalse(app.Logs.GetSnapshot().Any(l => l.Message.Contains("Intake:ApiKeys", StringComparison.Ordinal)));
    }

    public static JsonObject Body(string source, string? externalId = null) => new()
    {
        ["source"] = source,
        ["externalId"] = externalId ?? Guid.NewGuid().ToString("N"),
        ["network"] = "x",
        ["authorHandle"] = "@angry_customer",
        ["text"] = "I was charged twice on my last invoice!",
    };

    /// <summary>A problem body with the id it names replaced, and the trace id dropped: what tells one 404 from another.</summary>
    private static string Shape(string problem, string id)
    {
        var json = JsonNode.Parse(problem.Replace(id, "<id>", StringComparison.Ordinal))!.AsObject();
        json.Remove("traceId");
        return json.ToJsonString();
    }

    /// <summary>Every complaint the client's key may see, following nextCursor to the end.</summary>
    private async Task<List<(string Id, string Source, string ExternalId)>> ListAllAsync(HttpClient client)
    {
        var items = new List<(string, string, string)>();
        string? cursor = null;
        for (var page = 0; page < 200; page++)
        {
            using var response = await client.GetAsync($"/api/complaints?pageSize=100{(cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor))}", TestContext.CancellationToken);
            Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
            var json = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.CancellationToken))!;
            items.AddRange(json["items"]!.AsArray().Select(i => (i!["id"]!.GetValue<string>(), i["source"]!.GetValue<string>(), i["externalId"]!.GetValue<string>())));
            cursor = json["nextCursor"]?.GetValue<string>();
            if (cursor is null)
            {
                return items;
            }
        }

        throw new AssertFailedException("The list did not end within 200 pages.");
    }
}
