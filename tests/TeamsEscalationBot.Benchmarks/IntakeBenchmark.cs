using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using TeamsEscalationBot.TestHarness.Azurite;
using TeamsEscalationBot.TestHarness.Connector;
using TeamsEscalationBot.TestHarness.Host;

namespace TeamsEscalationBot.Benchmarks;

/// <summary>
/// <c>POST /api/complaints</c> through the real host on loopback: key authentication, validation, routing, the durable
/// write of the complaint with its outbox item — while the outbox worker posts the cards to the fake connector — on
/// SQLite and on Azure Blob Storage (Azurite).
/// </summary>
internal static class IntakeBenchmark
{
    public static async Task<IReadOnlyList<LoadResult>> RunAsync(BenchmarkSettings settings)
    {
        var results = new List<LoadResult>();
        await using var connector = await FakeBotConnector.StartAsync();
        results.AddRange(await MeasureAsync("SQLite", connector, new Dictionary<string, string?>(), settings));

        await using var azurite = await AzuriteServer.StartAsync();
        results.AddRange(await MeasureAsync("Azure Blob (Azurite)", connector, new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "AzureBlob",
            ["Storage:ConnectionString"] = azurite.ConnectionString,
            ["Storage:ContainerName"] = "bench-intake",
            ["Storage:QueueName"] = "bench-intake",
        }, settings));
        return results;
    }

    private static async Task<IReadOnlyList<LoadResult>> MeasureAsync(
        string store, FakeBotConnector connector, Dictionary<string, string?> settings, BenchmarkSettings benchmark)
    {
        settings["Intake:RequestsPerMinute"] = "100000";
        settings["Bot:TenantRequestsPerSecond"] = "1000";
        await using var app = BotApp.Start(connector, settings, minimumLogLevel: LogLevel.Warning);
        using var client = app.CreateIntakeClient();
        var run = Guid.NewGuid().ToString("N")[..8];
        var results = new List<LoadResult>();
        foreach (var concurrency in benchmark.Concurrencies)
        {
            results.Add(await LoadRunner.RunAsync($"intake POST, {store}", concurrency, benchmark.Warmup, benchmark.Duration,
                i => SubmitAsync(client, $"{run}-{concurrency}-{i}")));
        }

        return results;
    }

    private static async Task<bool> SubmitAsync(HttpClient client, string externalId)
    {
        var body = new JsonObject
        {
            ["source"] = "bench",
            ["externalId"] = externalId,
            ["network"] = "x",
            ["authorHandle"] = "@bench",
            ["text"] = "I was charged twice on my last invoice and nobody answers",
            ["url"] = "https://x.com/bench/status/1",
            ["priority"] = "normal",
        };
        using var response = await client.PostAsJsonAsync("/api/complaints", body);
        return response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK;
    }
}
