using Microsoft.Testing.Platform.Builder;
using TeamsEscalationBot.IntegrationTests.Storage;

namespace TeamsEscalationBot.IntegrationTests;

/// <summary>
/// The test host's entry point (GenerateTestingPlatformEntryPoint is off): the usual Microsoft.Testing.Platform
/// application, plus a child-process mode the SQLite kill -9 test starts and kills.
/// </summary>
internal static class TestProgram
{
    public static async Task<int> Main(string[] args)
    {
        if (args is [SqliteCrashWriter.Command, var databasePath, var prefix])
        {
            // The test kills the writer; Ctrl+C is for a writer started by hand.
            using var stop = new CancellationTokenSource();
            Console.CancelKeyPress += (_, e) =>
            {
                e.Cancel = true;
                stop.Cancel();
            };
            return await SqliteCrashWriter.RunAsync(databasePath, prefix, stop.Token);
        }

        var builder = await TestApplication.CreateBuilderAsync(args);
        SelfRegisteredExtensions.AddSelfRegisteredExtensions(builder, args);
        using var app = await builder.BuildAsync();
        return await app.RunAsync();
    }
}
