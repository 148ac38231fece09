using Microsoft.Extensions.Logging;

namespace TeamsEscalationBot.Storage;

internal static partial class StorageLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Applied SQLite schema migration {Version} ({Name}) to {Path}")]
    public static partial void SqliteMigrationApplied(ILogger logger, long version, string name, string path);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Storage ready: SQLite database {Path}")]
    public static partial void SqliteStorageReady(ILogger logger, string path);

    // Names only: a URI could carry a SAS token.
    [LoggerMessage(EventId = 4003, Level = LogLevel.Information, Message = "Storage ready: Azure account {Account}, container {Container}, queue {Queue}")]
    public static partial void AzureStorageReady(ILogger logger, string account, string container, string queue);
}
