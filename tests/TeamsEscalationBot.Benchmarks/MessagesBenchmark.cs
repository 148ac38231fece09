using System.Net;
using System.Text;
using Microsoft.Extensions.Logging;
using TeamsEscalationBot.TestHarness.Connector;
using TeamsEscalationBot.TestHarness.Host;

namespace TeamsEscalationBot.Benchmarks;

/// <summary>
/// Authenticated <c>POST /api/messages</c> against the real host on loopback, with a token minted by the harness and
/// validated by the production pipeline: a typing activity (authentication and dispatch only) and a "help" message
/// (plus the bot's reply through the Connector client to the fake connector).
/// </summary>
internal static class MessagesBenchmark
{
    public static async Task<IReadOnlyList<LoadResult>> RunAsync(BenchmarkSettings settings)
    {
        await using var connector = await FakeBotConnector.StartAsync();
        await using var app = BotApp.Start(connector, new Dictionary<string, string?>
        {
            // Replies go to a different conversation each time; lift the app budget so the benchmark measures the bot, not the limiter.
            ["Bot:TenantRequestsPerSecond"] = "1000",
        }, minimumLogLevel: LogLevel.Warning);
        using var client = app.CreateBotClient();
        var token = client.ValidToken();

        var results = new List<LoadResult>();
        foreach (var concurrency in settings.Concurrencies)
        {
            results.Add(await LoadRunner.RunAsync($"typing (auth + dispatch)", concurrency, settings.Warmup, settings.Duration,
                i => PostAsync(client, Body(connector, "typing", i), token)));
            results.Add(await LoadRunner.RunAsync($"message \"help\" (auth + reply via connector)", concurrency, settings.Warmup, settings.Duration,
                i => PostAsync(client, Body(connector, "message", i), token)));
        }

        return results;
    }

    private static string Body(FakeBotConnector connector, string type, int i)
    {
        var activity = Activities.Message(connector.ServiceUrl, "help", conversationId: $"a:bench-{i}");
        activity["type"] = type;
        return activity.ToJsonString();
    }

    private static async Task<bool> PostAsync(BotClient client, string body, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new("Bearer", token);
        using var response = await client.Http.SendAsync(request);
        return response.StatusCode == HttpStatusCode.OK;
    }
}
