using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using TeamsEscalationBot.IntegrationTests.Intake;
using TeamsEscalationBot.IntegrationTests.Workflow;
using TeamsEscalationBot.TestHarness;
using TeamsEscalationBot.TestHarness.Azurite;
using TeamsEscalationBot.TestHarness.Connector;
using TeamsEscalationBot.TestHarness.Host;

namespace TeamsEscalationBot.IntegrationTests.Storage;

/// <summary>
/// Storage going away under a running service: intake says 503 with Retry-After and stores nothing half-way, card
/// actions say "try again", readiness turns unhealthy, and what was accepted before is delivered once storage is back;
/// a SQLite file that is full or read-only gives a clear error and is intact after a restart.
/// </summary>
[TestClass]
public sealed class StorageOutageTests
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(20);

    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Ct => TestContext.CancellationToken;

    [TestMethod]
    public async Task Intake_AzuriteStoppedFor20Seconds_AnswersTryAgainThenDeliversEverythingAccepted()
    {
        await using var azurite = await AzuriteServer.StartAsync(Ct);
        await using var connector = await FakeBotConnector.StartAsync();
        await using var host = await WorkflowHost.StartAsync(
            new Dictionary<string, string?>
            {
                ["Storage:Provider"] = "AzureBlob",
                ["Storage:ConnectionString"] = azurite.ConnectionString,
                ["Storage:ContainerName"] = AzuriteFixture.UniqueName("outage"),
                ["Storage:QueueName"] = AzuriteFixture.UniqueName("outage"),
            },
            connector);
        // Teams refuses the first card posts, so some of what is accepted is still waiting in the outbox when storage goes.
        connector.EnqueueFault(new ConnectorFault(503, Count: 6) { Match = c => c.IsCreateConversation });
        var accepted = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            accepted.Add(await SubmitAsync(host.Api, HttpStatusCode.Created));
        }

        await azurite.StopAsync();
        var stopped = Stopwatch.StartNew();

        using (var refused = await host.Api.PostAsJsonAsync("/api/complaints", IntakeApiTests.Body(), Ct))
        {
            Assert.AreEqual(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.IsTrue(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After tells the social tool when to try again");
            var problem = JsonNode.Parse(await refused.Content.ReadAsStringAsync(Ct))!;
            StringAssert.Contains(problem["detail"]!.GetValue<string>(), "Nothing was stored");
        }

        var action = await host.InvokeRawAsync(host.NewBillingMember("Olga Outage"), "complaint.claim", new JsonObject { ["complaintId"] = accepted[0], ["version"] = 1 });
        Assert.AreEqual(HttpStatusCode.OK, action.Status, "card actions always get HTTP 200");
        Assert.AreEqual("application/vnd.microsoft.activity.message", action.Type, action.Body?.ToJsonString());
        StringAssert.Contains(action.Body!["value"]!.GetValue<string>(), "can't reach my storage");
        StringAssert.Contains(action.Body!["value"]!.GetValue<string>(), "Try again");

        using (var ready = await host.Api.GetAsync("/health/ready", Ct))
        {
            Assert.AreEqual(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        }

        // The outage lasts its full length whatever the machine's speed: a minimum, never a race.
        if (stopped.Elapsed < Outage)
        {
            await Task.Delay(Outage - stopped.Elapsed, Ct);
        }

        await azurite.RestartAsync(Ct);

        foreach (var id in accepted)
        {
            await host.WaitForAsync(id, c => c["state"]!.GetValue<string>() == "open", Ct, TimeSpan.FromMinutes(2));
        }

        await Eventually.UntilAsync(
            async probe =>
            {
                using var ready = await host.Api.GetAsync("/health/ready", probe);
                return ready.StatusCode;
            },
            status => status == HttpStatusCode.OK,
            Ct,
            because: "readiness to recover once storage answers");
        accepted.Add(await SubmitAsync(host.Api, HttpStatusCode.Created));
        await host.WaitForAsync(accepted[^1], c => c["state"]!.GetValue<string>() == "open", Ct, TimeSpan.FromMinutes(1));
        var posted = connector.Calls.Where(c => c.IsCreateConversation && c.Succeeded).ToList();
        foreach (var id in accepted)
        {
            // A card Teams took just as storage went away, before the complaint could record it, is posted again once
            // storage is back: the documented at-least-once window, at most once more per item.
            var cards = posted.Count(p => p.Body.Contains(id, StringComparison.Ordinal));
            Assert.IsTrue(cards is 1 or 2, $"complaint {id}: {cards} cards");
        }

        TestContext.WriteLine($"{posted.Count - accepted.Count} card(s) posted twice across the outage");
    }

    [TestMethod]
    public async Task Intake_SqliteDatabaseFull_AnswersClearErrorAndIsIntactAfterRestart()
    {
        using var directory = new TestDirectory();
        var path = directory.File("full.db");
        var stored = new List<string>();
        await using (var connector = await FakeBotConnector.StartAsync())
        await using (var app = BotApp.Start(connector, Settings(path, new KeyValuePair<string, string?>("Storage:SqliteMaxSizeMegabytes", "1"))))
        {
            using var client = app.CreateIntakeClient();
            HttpResponseMessage? refused = null;
            // Bounded: 1 MB holds a few hundred complaints.
            for (var i = 0; i < 3000 && refused is null; i++)
            {
                var response = await client.PostAsJsonAsync("/api/complaints", IntakeApiTests.Body(text: new string('x', 1500)), Ct);
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    stored.Add(JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["id"]!.GetValue<string>());
                    response.Dispose();
                }
                else
                {
                    refused = response;
                }
            }

            Assert.IsNotNull(refused, "the capped database filled up");
            using (refused)
            {
                Assert.AreEqual(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
                StringAssert.Contains(JsonNode.Parse(await refused.Content.ReadAsStringAsync(Ct))!["detail"]!.GetValue<string>(), "disk is full or read-only");
            }
        }

        await AssertIntactAfterRestartAsync(path, stored);
    }

    [TestMethod]
    public async Task Intake_SqliteFileTurnsReadOnly_AnswersClearErrorAndIsIntactAfterRestart()
    {
        using var directory = new TestDirectory();
        var path = directory.File("readonly.db");
        var stored = new List<string>();
        await using (var connector = await FakeBotConnector.StartAsync())
        await using (var app = BotApp.Start(connector, Settings(path)))
        {
            using var client = app.CreateIntakeClient();
            stored.Add(await SubmitAsync(client, HttpStatusCode.Created));
            // The root user ignores file modes; the immutable attribute stops even open descriptors from writing.
            var files = new[] { path, path + "-wal" }.Where(File.Exists).ToArray();
            if (!await ChattrAsync("+i", files))
            {
                Assert.Inconclusive("This machine cannot make a file immutable (chattr needs root on a supporting file system).");
            }

            try
            {
                using var refused = await client.PostAsJsonAsync("/api/complaints", IntakeApiTests.Body(), Ct);
                Assert.AreEqual(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
                Assert.IsTrue(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);
            }
            finally
            {
                await ChattrAsync("-i", files);
            }
        }

        await AssertIntactAfterRestartAsync(path, stored);
    }

    private async Task AssertIntactAfterRestartAsync(string path, List<string> stored)
    {
        await using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString()))
        {
            await connection.OpenAsync(Ct);
            await using var check = connection.CreateCommand();
            check.CommandText = "PRAGMA integrity_check";
            Assert.AreEqual("ok", await check.ExecuteScalarAsync(Ct));
        }

        await using var connector = await FakeBotConnector.StartAsync();
        await using var app = BotApp.Start(connector, Settings(path));
        using var client = app.CreateIntakeClient();
        foreach (var id in new[] { stored[0], stored[^1] })
        {
            using var response = await client.GetAsync($"/api/complaints/{id}", Ct);
            Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, $"complaint {id} was acknowledged, so it is still there");
        }

        await SubmitAsync(client, HttpStatusCode.Created);
    }

    private static Dictionary<string, string?> Settings(string path, params KeyValuePair<string, string?>[] more)
    {
        var settings = new Dictionary<string, string?> { ["Storage:SqlitePath"] = path, ["Intake:RequestsPerMinute"] = "100000" };
        foreach (var (key, value) in more)
        {
            settings[key] = value;
        }

        return settings;
    }

    private async Task<string> SubmitAsync(HttpClient client, HttpStatusCode expected)
    {
        using var response = await client.PostAsJsonAsync("/api/complaints", IntakeApiTests.Body(), Ct);
        Assert.AreEqual(expected, response.StatusCode, await response.Content.ReadAsStringAsync(Ct));
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["id"]!.GetValue<string>();
    }

    private async Task<bool> ChattrAsync(string flag, string[] files)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("chattr", [flag, .. files]) { RedirectStandardError = true, UseShellExecute = false })!;
            await process.WaitForExitAsync(Ct);
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
