using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using TeamsEscalationBot.TestHarness.Connector;
using TeamsEscalationBot.TestHarness.Host;

namespace TeamsEscalationBot.IntegrationTests.Intake;

/// <summary>
/// Every string of the intake API has a maximum (docs/security-limits.md): one character more is a 400 problem that
/// names the field (and does not echo the value back); a cursor the service did not issue is a 400, not a 500; a post
/// link with a user name or password in it is refused.
/// </summary>
[TestClass]
public sealed class IntakeLimitsTests
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
    [DataRow("source", 200)]
    [DataRow("externalId", 200)]
    [DataRow("network", 200)]
    [DataRow("authorHandle", 200)]
    [DataRow("text", 10_000)]
    [DataRow("url", 2_048)]
    [DataRow("language", 35)]
    [DataRow("priority", 200)]
    [DataRow("category", 200)]
    [DataRow("department", 200)]
    [DataRow("callbackUrl", 2_048)]
    [DataRow("requester.aadObjectId", 200)]
    [DataRow("requester.upn", 256)]
    [DataRow("requester.displayName", 256)]
    public async Task Post_FieldOneOverItsMaximum_ValidationProblemNamesTheField(string field, int maximum)
    {
        var body = IntakeApiTests.Body();
        body["requester"] = new JsonObject { ["upn"] = "carla@contoso.example", ["displayName"] = "Carla Méndez" };
        Set(body, field, Value(field, maximum + 1));
        using var client = s_app.CreateIntakeClient();

        using var response = await client.PostAsJsonAsync("/api/complaints", body);

        var text = await response.Content.ReadAsStringAsync();
        Assert.AreEqual(HttpStatusCode.BadRequest, response.StatusCode, text);
        var errors = JsonNode.Parse(text)!["errors"]!.AsObject();
        Assert.IsTrue(errors.ContainsKey(field), $"'{field}' is named; got {errors.ToJsonString()}");
        StringAssert.Contains(errors[field]![0]!.GetValue<string>(), $"at most {maximum} characters");
        Assert.IsLessThan(4_000, text.Length, "the problem does not echo the value back");
    }

    [TestMethod]
    [DataRow("requester.upn", 256)]
    [DataRow("requester.displayName", 256)]
    [DataRow("category", 200)]
    [DataRow("authorHandle", 200)]
    public async Task Post_FieldAtItsMaximum_Accepted(string field, int maximum)
    {
        var body = IntakeApiTests.Body();
        body["requester"] = new JsonObject { ["upn"] = "carla@contoso.example", ["displayName"] = "Carla Méndez" };
        Set(body, field, Value(field, maximum));
        using var client = s_app.CreateIntakeClient();

        using var response = await client.PostAsJsonAsync("/api/complaints", body);

        Assert.AreEqual(HttpStatusCode.Created, response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [TestMethod]
    [DataRow("url", "https://x.com@evil.example/a")]
    [DataRow("url", "https://user:secret@x.com/status/1")]
    [DataRow("callbackUrl", "https://tool.example@evil.example/hook")]
    public async Task Post_LinkWithUserInfo_ValidationProblemNamesTheField(string field, string url)
    {
        var body = IntakeApiTests.Body();
        body[field] = url;
        using var client = s_app.CreateIntakeClient();

        using var response = await client.PostAsJsonAsync("/api/complaints", body);

        var text = await response.Content.ReadAsStringAsync();
        Assert.AreEqual(HttpStatusCode.BadRequest, response.StatusCode, text);
        var errors = JsonNode.Parse(text)!["errors"]!.AsObject();
        Assert.IsTrue(errors.ContainsKey(field), errors.ToJsonString());
        StringAssert.Contains(errors[field]![0]!.GetValue<string>(), "user name or password");
    }

    [TestMethod]
    [DataRow("garbage")]
    [DataRow("a:not-base64!")]
    [DataRow("s:")]
    public async Task List_CursorTheServiceDidNotIssue_ValidationProblemNamesTheCursor(string cursor)
    {
        using var client = s_app.CreateIntakeClient();

        using var response = await client.GetAsync("/api/complaints?cursor=" + Uri.EscapeDataString(cursor));

        var text = await response.Content.ReadAsStringAsync();
        Assert.AreEqual(HttpStatusCode.BadRequest, response.StatusCode, text);
        Assert.IsTrue(JsonNode.Parse(text)!["errors"]!.AsObject().ContainsKey("cursor"), text);
    }

    /// <summary>A value of exactly <paramref name="length"/> characters that is otherwise valid for the field.</summary>
    private static string Value(string field, int length) => field switch
    {
        "url" or "callbackUrl" => "https://x.com/" + new string('a', length - "https://x.com/".Length),
        "requester.upn" => new string('c', length - "@contoso.example".Length) + "@contoso.example",
        "language" => "en-" + new string('a', length - 3),
        _ => new string('a', length),
    };

    private static void Set(JsonObject body, string field, string value)
    {
        if (field.StartsWith("requester.", StringComparison.Ordinal))
        {
            body["requester"]![field["requester.".Length..]] = value;
        }
        else
        {
            body[field] = value;
        }
    }
}
