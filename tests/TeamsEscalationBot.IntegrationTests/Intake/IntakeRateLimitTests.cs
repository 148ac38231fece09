using System.Net;
using System.Net.Http.Json;
using TeamsEscalationBot.TestHarness.Connector;
using TeamsEscalationBot.TestHarness.Host;

namespace TeamsEscalationBot.IntegrationTests.Intake;

[TestClass]
public sealed class IntakeRateLimitTests
{
    [TestMethod]
    public async Task Post_OverThePerKeyBudget_TooManyRequestsWithRetryAfter()
    {
        await using var connector = await FakeBotConnector.StartAsync();
        await using var app = BotApp.Start(connector, new Dictionary<string, string?>
        {
            ["Intake:RequestsPerMinute"] = "3",
            ["Intake:Keys:1:Name"] = "second",
            ["Intake:Keys:1:Key"] = "second-integration-intake-key-02",
            ["Intake:Keys:1:Sources:0"] = "brandwatch",
        });
        using var client = app.CreateIntakeClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await client.PostAsJsonAsync("/api/complaints", IntakeApiTests.Body());
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.IsNotNull(response.Headers.RetryAfter?.Delta);
                Assert.IsGreaterThan(0, response.Headers.RetryAfter!.Delta!.Value.TotalSeconds);
            }
        }

        CollectionAssert.AreEqual(new[] { HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.TooManyRequests }, statuses);

        using var other = app.CreateIntakeClient("second-integration-intake-key-02");
        using var otherResponse = await other.PostAsJsonAsync("/api/complaints", IntakeApiTests.Body());
        Assert.AreEqual(HttpStatusCode.Created, otherResponse.StatusCode, "each key has its own budget");
    }

    [TestMethod]
    public async Task Post_NoKeyConfigured_IntakeClosed()
    {
        await using var connector = await FakeBotConnector.StartAsync();
        await using var app = BotApp.Start(connector, new Dictionary<string, string?>
        {
            ["Intake:Keys:0:Name"] = null,
            ["Intake:Keys:0:Key"] = null,
            ["Intake:Keys:0:Sources:0"] = null,
        });
        using var client = app.CreateIntakeClient();

        using var response = await client.PostAsJsonAsync("/api/complaints", IntakeApiTests.Body());

        Assert.AreEqual(HttpStatusCode.Unauthorized, response.StatusCode);
        StringAssert.Contains(await response.Content.ReadAsStringAsync(), "closed");
    }
}
