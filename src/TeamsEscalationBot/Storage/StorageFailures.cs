using Azure;
using Microsoft.Data.Sqlite;

namespace TeamsEscalationBot.Storage;

/// <summary>
/// Tells a storage outage (the store cannot be reached or cannot take writes right now) from a bug: an outage is
/// answered "try again" (HTTP 503 with Retry-After, a "try again" card), a bug stays an error.
/// </summary>
internal static class StorageFailures
{
    // SQLite result codes (primary code in the low byte): busy/locked past busy_timeout, read-only, I/O error, disk full, cannot open.
    private static readonly HashSet<int> SqliteOutageCodes = [5, 6, 8, 10, 13, 14];

    /// <summary>Why storage is unavailable, or null when <paramref name="exception"/> is not an outage.</summary>
    public static StorageOutage? Classify(Exception? exception) => exception switch
    {
        null => null,
        SqliteException { SqliteErrorCode: var code } when SqliteOutageCodes.Contains(code & 0xFF) =>
            new StorageOutage((code & 0xFF) is 8 or 13 ? StorageOutageKind.CannotWrite : StorageOutageKind.NotAnswering),
        RequestFailedException { Status: 0 or 408 or 429 or >= 500 } => new StorageOutage(StorageOutageKind.NotAnswering),
        HttpRequestException or TimeoutException => new StorageOutage(StorageOutageKind.NotAnswering),
        AggregateException aggregate => aggregate.InnerExceptions.Select(Classify).FirstOrDefault(o => o is not null),
        _ => Classify(exception.InnerException),
    };

    public static bool IsOutage(Exception? exception) => Classify(exception) is not null;
}

internal enum StorageOutageKind
{
    /// <summary>The store does not answer (Azure Storage unreachable or failing, SQLite busy or failing to read).</summary>
    NotAnswering,

    /// <summary>The store answers but refuses writes (SQLite: disk full, file or folder read-only).</summary>
    CannotWrite,
}

internal sealed record StorageOutage(StorageOutageKind Kind)
{
    /// <summary>How long a client should wait before trying again.</summary>
    public TimeSpan RetryAfter => Kind == StorageOutageKind.CannotWrite ? TimeSpan.FromMinutes(1) : TimeSpan.FromSeconds(10);
}
