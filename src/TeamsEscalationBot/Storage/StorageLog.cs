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

    [LoggerMessage(EventId = 4101, Level = LogLevel.Debug, Message = "Outbox item {Kind} {ItemId} for complaint {ComplaintId} done at attempt {Attempt}")]
    public static partial void OutboxItemDone(ILogger logger, string kind, string itemId, string complaintId, int attempt);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Warning, Message = "Outbox item {Kind} {ItemId} for complaint {ComplaintId}: attempt {Attempt} failed, retrying in {Delay}: {Reason}")]
    public static partial void OutboxItemRetry(ILogger logger, string kind, string itemId, string complaintId, int attempt, TimeSpan delay, string reason);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Error, Message = "Outbox item {Kind} {ItemId} for complaint {ComplaintId} failed permanently after {Attempts} attempt(s) and will not be retried: {Reason}")]
    public static partial void OutboxItemFailed(ILogger logger, string kind, string itemId, string complaintId, int attempts, string reason);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Warning, Message = "Outbox handler for {Kind} threw on item {ItemId} (complaint {ComplaintId}); counted as a failed attempt")]
    public static partial void OutboxHandlerThrew(ILogger logger, string kind, string itemId, string complaintId, Exception exception);

    [LoggerMessage(EventId = 4105, Level = LogLevel.Warning, Message = "Outbox item {Kind} {ItemId} for complaint {ComplaintId}: the lease expired before the result was recorded; another worker owns it now")]
    public static partial void OutboxLeaseLost(ILogger logger, string kind, string itemId, string complaintId);

    [LoggerMessage(EventId = 4106, Level = LogLevel.Warning, Message = "Outbox poll failed; polling again")]
    public static partial void OutboxPollFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4111, Level = LogLevel.Warning, Message = "Outbox work of one complaint stopped on a failure; its items come back when their lease runs out")]
    public static partial void OutboxLaneFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4107, Level = LogLevel.Information, Message = "Outbox sweep re-enqueued {Count} item(s) whose queue message may have been lost")]
    public static partial void OutboxRecovered(ILogger logger, int count);

    [LoggerMessage(EventId = 4108, Level = LogLevel.Error, Message = "Outbox item {Kind} {ItemId} for complaint {ComplaintId} is dead-lettered, and recording that on the complaint failed")]
    public static partial void OutboxDeadLetterHandlerThrew(ILogger logger, string kind, string itemId, string complaintId, Exception exception);

    [LoggerMessage(EventId = 4109, Level = LogLevel.Debug, Message = "Outbox item {Kind} {ItemId} for complaint {ComplaintId} put back for {Delay} (no attempt counted): {Reason}")]
    public static partial void OutboxItemDeferred(ILogger logger, string kind, string itemId, string complaintId, TimeSpan delay, string reason);

    [LoggerMessage(EventId = 4110, Level = LogLevel.Debug, Message = "Outbox item {Kind} {ItemId} for complaint {ComplaintId} completed unperformed: item {LatestId} renders the latest state")]
    public static partial void OutboxItemCoalesced(ILogger logger, string kind, string itemId, string complaintId, string latestId);
}
