namespace TeamsEscalationBot.Storage;

internal enum StorageProvider
{
    Sqlite,
    AzureBlob,
}

/// <summary>The <c>Storage</c> configuration section.</summary>
internal sealed class StorageOptions
{
    public const string SectionName = "Storage";

    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>
    /// Database file of the embedded store; a relative path is resolved against the working directory (the project
    /// folder under <c>dotnet run</c>, the folder a published build is started from), not the application folder.
    /// </summary>
    public string SqlitePath { get; set; } = "data/escalations.db";

    /// <summary>
    /// Optional cap on the embedded database's size, in megabytes (at least 1): past it, writes are refused as on a full
    /// disk (intake answers 503) instead of filling the disk the service shares with others. Null: no cap.
    /// </summary>
    public int? SqliteMaxSizeMegabytes { get; set; }

    /// <summary>Azure Storage connection string (Azurite in tests). Takes precedence over <see cref="AccountUrl"/>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Blob endpoint, e.g. https://acct.blob.core.windows.net; authenticated with DefaultAzureCredential.</summary>
    public Uri? AccountUrl { get; set; }

    /// <summary>Queue endpoint; derived from <see cref="AccountUrl"/> by replacing ".blob." with ".queue." when not set.</summary>
    public Uri? QueueAccountUrl { get; set; }

    public string ContainerName { get; set; } = "complaints";

    public string QueueName { get; set; } = "outbox";

    public OutboxOptions Outbox { get; set; } = new();

    public LeadershipOptions Leadership { get; set; } = new();

    /// <summary>The queue endpoint to use with <see cref="AccountUrl"/>, or null when it cannot be derived.</summary>
    public Uri? ResolveQueueAccountUrl()
    {
        if (QueueAccountUrl is not null)
        {
            return QueueAccountUrl;
        }

        if (AccountUrl is null || !AccountUrl.Host.Contains(".blob.", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var builder = new UriBuilder(AccountUrl)
        {
            Host = AccountUrl.Host.Replace(".blob.", ".queue.", StringComparison.OrdinalIgnoreCase),
        };
        return builder.Uri;
    }
}

/// <summary>The <c>Storage:Outbox</c> section: how the background worker delivers outbox items.</summary>
internal sealed class OutboxOptions
{
    /// <summary>Run the background worker in this process.</summary>
    public bool WorkerEnabled { get; set; } = true;

    /// <summary>How long the worker sleeps when nothing is due (it is also woken by local writes).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a leased item is hidden from other workers; a handler must finish well within it.</summary>
    public TimeSpan LeaseTime { get; set; } = TimeSpan.FromMinutes(2);

    public int MaxParallelism { get; set; } = 4;

    /// <summary>Items in flight at most: leased, running or waiting (more than run at once, so a lane that must wait yields to the others).</summary>
    public int BatchSize { get; set; } = 32;

    /// <summary>At most this many items of one complaint per lease, so that one complaint's backlog never fills the room.</summary>
    public int MaxPerComplaint { get; set; } = 8;

    /// <summary>
    /// How long a delivery may wait for its Teams thread's turn while holding one of the <see cref="MaxParallelism"/>
    /// slots; when the thread would keep it waiting longer, the item is put back (not a failed attempt) and the slot goes
    /// to other work.
    /// </summary>
    public TimeSpan ThreadPatience { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Attempts before an item is dead-lettered (Failed).</summary>
    public int MaxAttempts { get; set; } = 11;

    /// <summary>
    /// The first retry's backoff, doubled per failed attempt. The outbox's Connector calls are not retried inside the
    /// call, so the outbox starts where the Connector client's own retries do (1 s); with 11 attempts an item that
    /// fails at once every time is still tried for about a quarter of an hour.
    /// </summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Azure only: how often pending items whose queue message may have been lost are looked for.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Azure only: a pending, unleased, due item not (re)enqueued for this long is enqueued again.</summary>
    public TimeSpan SweepAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Azure only: the longest a queue message is kept invisible. A message whose item is not yet due is
    /// hidden for at most this long and then checked again (the queue's own limit is 7 days).
    /// </summary>
    public TimeSpan MaxMessageDelay { get; set; } = TimeSpan.FromHours(1);
}

/// <summary>The <c>Storage:Leadership</c> section: the lease that makes one instance the leader (docs/storage.md, "One leader").</summary>
internal sealed class LeadershipOptions
{
    /// <summary>Azure Blob Storage accepts lease durations of 15 to 60 seconds; both providers keep to that range.</summary>
    public static readonly TimeSpan MinLeaseTime = TimeSpan.FromSeconds(15);

    /// <inheritdoc cref="MinLeaseTime"/>
    public static readonly TimeSpan MaxLeaseTime = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long the lease lasts without a renewal: the leader renews it every third of this, and a standby takes over at
    /// most this long (plus one poll) after the leader died.
    /// </summary>
    public TimeSpan LeaseTime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>This instance's name in the lease and the logs; unique per process. Empty or unset: machine name, process id and a random suffix.</summary>
    public string? InstanceId { get; set; }
}
