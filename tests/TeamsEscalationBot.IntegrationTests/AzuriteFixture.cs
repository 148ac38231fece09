using TeamsEscalationBot.TestHarness.Azurite;

namespace TeamsEscalationBot.IntegrationTests;

/// <summary>
/// One Azurite (Blob + Queue) for the whole test assembly, started by the first test that needs it and stopped after
/// the last test. Tests isolate themselves with unique container and queue names.
/// </summary>
[TestClass]
public sealed class AzuriteFixture
{
    private static readonly Lock Sync = new();
    private static Task<AzuriteServer>? s_server;

    public static Task<AzuriteServer> GetServerAsync()
    {
        lock (Sync)
        {
            if (s_server is null || s_server.IsFaulted || s_server.IsCanceled)
            {
                s_server = AzuriteServer.StartAsync();
            }

            return s_server;
        }
    }

    [AssemblyCleanup]
    public static async Task StopAsync()
    {
        Task<AzuriteServer>? server;
        lock (Sync)
        {
            server = s_server;
            s_server = null;
        }

        if (server is { IsCompletedSuccessfully: true })
        {
            await (await server).DisposeAsync();
        }
    }

    /// <summary>A container or queue name no other test uses (3-63 lowercase letters, digits, hyphens).</summary>
    public static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 33, 63)];
}
