using TeamsEscalationBot.Storage;

namespace TeamsEscalationBot.UnitTests.Storage;

[TestClass]
public sealed class StorageOptionsValidatorTests
{
    private readonly StorageOptionsValidator validator = new();

    [TestMethod]
    public void Validate_Defaults_Succeeds() =>
        Assert.IsTrue(validator.Validate(null, new StorageOptions()).Succeeded);

    [TestMethod]
    [DataRow(0)]
    [DataRow(-5)]
    public void Validate_SqliteMaxSizeBelowOneMegabyte_NamesTheKey(int megabytes) =>
        StringAssert.Contains(validator.Validate(null, new StorageOptions { SqliteMaxSizeMegabytes = megabytes }).FailureMessage, "Storage:SqliteMaxSizeMegabytes");

    [TestMethod]
    public void Validate_SqliteMaxSizeOneMegabyte_Succeeds() =>
        Assert.IsTrue(validator.Validate(null, new StorageOptions { SqliteMaxSizeMegabytes = 1 }).Succeeded);

    [TestMethod]
    public void Validate_AzureBlobWithoutAccount_NamesBothKeys()
    {
        var result = validator.Validate(null, new StorageOptions { Provider = StorageProvider.AzureBlob });

        Assert.IsTrue(result.Failed);
        StringAssert.Contains(result.FailureMessage, "Storage:AccountUrl or Storage:ConnectionString is required when Storage:Provider is AzureBlob");
    }

    [TestMethod]
    public void Validate_AzureBlobWithConnectionString_Succeeds() =>
        Assert.IsTrue(validator.Validate(null, new StorageOptions { Provider = StorageProvider.AzureBlob, ConnectionString = "UseDevelopmentStorage=true" }).Succeeded);

    [TestMethod]
    public void Validate_AccountUrlWithoutBlobInHostAndNoQueueUrl_AsksForQueueAccountUrl()
    {
        var options = new StorageOptions { Provider = StorageProvider.AzureBlob, AccountUrl = new Uri("https://storage.contoso.example") };

        StringAssert.Contains(validator.Validate(null, options).FailureMessage, "Storage:QueueAccountUrl");
    }

    [TestMethod]
    public void Validate_RelativeAccountUrl_NamesTheKey()
    {
        var options = new StorageOptions { Provider = StorageProvider.AzureBlob, AccountUrl = new Uri("acct.blob.core.windows.net", UriKind.Relative) };

        StringAssert.Contains(validator.Validate(null, options).FailureMessage, "Storage:AccountUrl must be an absolute http(s) URL");
    }

    [TestMethod]
    [DataRow("Complaints")]
    [DataRow("ab")]
    [DataRow("bad--name")]
    [DataRow("-leading")]
    public void Validate_BadContainerName_NamesTheKey(string name)
    {
        var options = new StorageOptions { Provider = StorageProvider.AzureBlob, ConnectionString = "UseDevelopmentStorage=true", ContainerName = name };

        StringAssert.Contains(validator.Validate(null, options).FailureMessage, "Storage:ContainerName");
    }

    [TestMethod]
    public void Validate_BadQueueName_NamesTheKey()
    {
        var options = new StorageOptions { Provider = StorageProvider.AzureBlob, ConnectionString = "UseDevelopmentStorage=true", QueueName = "Out_Box" };

        StringAssert.Contains(validator.Validate(null, options).FailureMessage, "Storage:QueueName");
    }

    [TestMethod]
    public void Validate_EmptySqlitePath_NamesTheKey() =>
        StringAssert.Contains(validator.Validate(null, new StorageOptions { SqlitePath = " " }).FailureMessage, "Storage:SqlitePath");

    [TestMethod]
    public void Validate_BadOutboxSettings_NamesEachKey()
    {
        var options = new StorageOptions
        {
            Outbox = new OutboxOptions { LeaseTime = TimeSpan.Zero, MaxParallelism = 0, MaxAttempts = 0, MaxDelay = TimeSpan.FromMilliseconds(1), MaxMessageDelay = TimeSpan.FromDays(8) },
        };

        var message = validator.Validate(null, options).FailureMessage;

        foreach (var key in new[] { "Storage:Outbox:LeaseTime", "Storage:Outbox:MaxParallelism", "Storage:Outbox:MaxAttempts", "Storage:Outbox:MaxDelay", "Storage:Outbox:MaxMessageDelay" })
        {
            StringAssert.Contains(message, key);
        }
    }

    [TestMethod]
    public void ResolveQueueAccountUrl_BlobEndpoint_ReplacesBlobWithQueue()
    {
        var options = new StorageOptions { AccountUrl = new Uri("https://acct.blob.core.windows.net/") };

        Assert.AreEqual(new Uri("https://acct.queue.core.windows.net/"), options.ResolveQueueAccountUrl());
    }

    [TestMethod]
    public void ResolveQueueAccountUrl_ExplicitQueueUrl_Wins()
    {
        var options = new StorageOptions { AccountUrl = new Uri("https://acct.blob.core.windows.net/"), QueueAccountUrl = new Uri("https://queues.example/") };

        Assert.AreEqual(new Uri("https://queues.example/"), options.ResolveQueueAccountUrl());
    }
}
