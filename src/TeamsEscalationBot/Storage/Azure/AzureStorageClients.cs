using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace TeamsEscalationBot.Storage.Azure;

/// <summary>
/// The container and the outbox queue of the Azure provider, created once on first use. With
/// <see cref="StorageOptions.AccountUrl"/> the clients authenticate with DefaultAzureCredential (managed identity in
/// Azure, selected by AZURE_CLIENT_ID); the service version is the SDK default.
/// </summary>
internal sealed class AzureStorageClients
{
    private readonly AsyncOnce creation;

    public AzureStorageClients(StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            Container = new BlobContainerClient(options.ConnectionString, options.ContainerName);
            Queue = new QueueClient(options.ConnectionString, options.QueueName);
        }
        else
        {
            var accountUrl = options.AccountUrl
                ?? throw new InvalidOperationException("Storage:AccountUrl or Storage:ConnectionString is required when Storage:Provider is AzureBlob.");
            var queueUrl = options.ResolveQueueAccountUrl()
                ?? throw new InvalidOperationException("Storage:QueueAccountUrl is required when Storage:AccountUrl has no '.blob.' in its host name.");
            var credential = new DefaultAzureCredential();
            Container = new BlobServiceClient(accountUrl, credential).GetBlobContainerClient(options.ContainerName);
            Queue = new QueueServiceClient(queueUrl, credential).GetQueueClient(options.QueueName);
        }

        creation = new AsyncOnce(CreateAsync);
    }

    /// <summary>Given clients (tests use it to put a failing queue in front of a real container).</summary>
    public AzureStorageClients(BlobContainerClient container, QueueClient queue)
    {
        Container = container;
        Queue = queue;
        creation = new AsyncOnce(CreateAsync);
    }

    public BlobContainerClient Container { get; }

    public QueueClient Queue { get; }

    public Task EnsureCreatedAsync(CancellationToken cancellationToken) => creation.EnsureAsync(cancellationToken);

    private async Task CreateAsync(CancellationToken cancellationToken)
    {
        await Container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await Queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
    }
}
