using System.Globalization;
using TeamsEscalationBot.TestHarness.Playground;
using TeamsEscalationBot.TestHarness.Processes;

namespace TeamsEscalationBot.IntegrationTests.Bot;

/// <summary>
/// The bot as built, started as its own process from a folder that is not its own: its settings (including the log
/// filters) come from the application folder, and the embedded database goes under the working directory.
/// </summary>
[TestClass]
public sealed class HostProcessTests
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task Start_FromAnotherWorkingDirectory_SettingsApplyRequestUrlsStayOutOfTheLogDatabaseInTheWorkingDirectory()
    {
        var workDirectory = Path.Combine(Path.GetTempPath(), "teb-host-process", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(workDirectory);
        var botDll = Path.Combine(PlaygroundSession.BotDirectory, "TeamsEscalationBot.dll");
        Assert.IsTrue(File.Exists(botDll), $"The bot is not built at {botDll}.");
        var port = LoopbackPorts.Free();
        var marker = "probe" + Guid.NewGuid().ToString("N");
        var logPath = Path.Combine(workDirectory, "bot.log");
        try
        {
            await using (var bot = ChildProcess.Start(
                "bot",
                "dotnet",
                [botDll, "--urls", $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}"],
                workDirectory,
                new Dictionary<string, string?>
                {
                    // Development: its departments and directory exist only in the application folder's appsettings.Development.json.
                    ["ASPNETCORE_ENVIRONMENT"] = "Development",
                    ["DOTNET_ENVIRONMENT"] = null,
                    ["ASPNETCORE_URLS"] = null,
                    ["ASPNETCORE_CONTENTROOT"] = null,
                    ["Storage__SqlitePath"] = null,
                    ["Storage__Outbox__WorkerEnabled"] = "false",
                },
                logPath))
            {
                using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
                await WaitUntilReadyAsync(bot, http);

                using var probe = await http.GetAsync(new Uri($"/health/live?secret={marker}", UriKind.Relative), TestContext.CancellationToken);
                Assert.IsTrue(probe.IsSuccessStatusCode, bot.Tail());
                Assert.IsTrue(File.Exists(Path.Combine(workDirectory, "data", "escalations.db")), "data/escalations.db under the working directory");
            }

            var log = await File.ReadAllTextAsync(logPath, TestContext.CancellationToken);
            Assert.DoesNotContain(marker, log, "a request URL with its query string was logged");
        }
        finally
        {
            Directory.Delete(workDirectory, recursive: true);
        }
    }

    private async Task WaitUntilReadyAsync(ChildProcess bot, HttpClient http)
    {
        var deadline = DateTimeOffset.UtcNow + ReadyTimeout;
        while (true)
        {
            Assert.IsFalse(bot.HasExited, "The bot exited during start-up:" + Environment.NewLine + bot.Tail());
            try
            {
                using var ready = await http.GetAsync(new Uri("/health/ready", UriKind.Relative), TestContext.CancellationToken);
                if (ready.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!TestContext.CancellationToken.IsCancellationRequested)
            {
                // The attempt timed out; try again within the bound.
            }

            Assert.IsLessThan(deadline, DateTimeOffset.UtcNow, "The bot was not ready in time:" + Environment.NewLine + bot.Tail());
            await Task.Delay(200, TestContext.CancellationToken);
        }
    }
}
