namespace TeamsEscalationBot.IntegrationTests.Storage;

internal static class SqliteCrashWriter
{
    public const string Command = "--sqlite-crash-writer";

    public static Task<int> RunAsync(string databasePath) => throw new NotImplementedException(databasePath);
}
