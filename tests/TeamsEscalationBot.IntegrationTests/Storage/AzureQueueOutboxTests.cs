using System.Diagnostics;
using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Storage;
using TeamsEscalationBot.Storage.Azure;

namespace TeamsEscalationBot.IntegrationTests.Storage;

/// <summary>
/// The outbox contract on Azure Blob + Queue (Azurite), plus the crash windows only this design has: between the
/// blob write and the enqueue, between the key blob and the complaint blob, and between completing and deleting the message.
/// </summary>
[TestClass]
public sealed class AzureQueueOutboxTests : OutboxContractTests
{
    private AzureBackend Azure => (AzureBackend)Backend;

    [TestMethod]
    public async Task CreateAsync_CrashBetweenBlobWriteAndEnqueue_SweeperRecoversAndItemIsDelivered()
    {
        var item = TestComplaints.PostCard("c-001");
        Azure.Restart(new FailingQueueClient(Azure.Options, failSend: true));
        await CrashAsync(() => Backend.Complaints.CreateAsync(TestComplaints.New("c-001"), [item], Ct));

        Backend.Restart();
        Assert.IsNotNull(await Backend.Complaints.GetAsync("c-001", Ct), "the complaint blob was written before the crash");
        Assert.IsEmpty(await Outbox.LeaseAsync(10, Backend.Options.Outbox.LeaseTime, Ct), "no message was sent");
        Backend.Time.Advance(Backend.Options.Outbox.SweepAfter);

        Assert.AreEqual(1, await Outbox.RecoverAsync(Ct));
        Assert.AreEqual(item.Id, (await Backend.LeaseEventuallyAsync(1, Ct)).Single().Item.Id);
    }

    [TestMethod]
    public async Task UpdateAsync_CrashBetweenBlobWriteAndEnqueue_SweeperRecoversAndItemIsDelivered()
    {
        await Backend.Complaints.CreateAsync(TestComplaints.New("c-001"), [], Ct);
        var complaint = (await Backend.Complaints.GetAsync("c-001", Ct))!;
        var expected = complaint.Version;
        TestComplaints.MustSucceed(complaint.AddNote(TestComplaints.Ana, "please hurry", TestComplaints.Start));
        var item = TestComplaints.PostCard("c-001");
        Azure.Restart(new FailingQueueClient(Azure.Options, failSend: true));
        await CrashAsync(() => Backend.Complaints.UpdateAsync(complaint, expected, [item], Ct));

        Backend.Restart();
        Backend.Time.Advance(Backend.Options.Outbox.SweepAfter);
        var handler = new RecordingHandler();
        var worker = Backend.CreateWorker(handler);
        Assert.AreEqual(1, await Outbox.RecoverAsync(Ct));
        await StorageBackend.RunUntilAsync(worker, () => !handler.Deliveries.IsEmpty, Ct);

        Assert.AreEqual(1, handler.CountFor(item.Id));
    }

    [TestMethod]
    public async Task RecoverAsync_ItemRecentlyEnqueuedOrLeased_LeavesItAlone()
    {
        await SeedAsync("c-001");
        await SeedAsync("c-002");

        Assert.AreEqual(0, await Outbox.RecoverAsync(Ct), "messages were just sent");
        var leased = await Backend.LeaseEventuallyAsync(2, Ct, maxItems: 2);
        Backend.Time.Advance(Backend.Options.Outbox.SweepAfter);

        Assert.HasCount(2, leased);
        Assert.AreEqual(0, await Outbox.RecoverAsync(Ct), "leased items are being worked on");
    }

    [TestMethod]
    public async Task CreateAsync_CrashAfterKeyBlobBeforeComplaintBlob_RetryCompletesItAndDelivers()
    {
        // What a create that died after its first write leaves behind: only the key blob, holding the whole document.
        var complaint = TestComplaints.New("c-001");
        var item = TestComplaints.PostCard("c-001");
        await Azure.Clients.EnsureCreatedAsync(Ct);
        var key = new ComplaintKeyDocument
        {
            ComplaintId = "c-001",
            Document = new ComplaintDocument { Complaint = complaint.ToSnapshot(), Outbox = [StoredOutboxItem.From(item, TestComplaints.Start)] },
        };
        await BlobDocuments.TryWriteAsync(Azure.Blobs.KeyBlob(complaint.Source, complaint.ExternalId), key, new Dictionary<string, string>(), null, Ct);
        Assert.IsNull(await Backend.Complaints.GetAsync("c-001", Ct));

        // The client retries (intake is idempotent), here even with a new id.
        var retry = await Backend.Complaints.CreateAsync(TestComplaints.New("c-002", externalId: complaint.ExternalId), [TestComplaints.PostCard("c-002")], Ct);

        Assert.AreEqual(CreateOutcome.Duplicate, retry.Outcome);
        Assert.AreEqual("c-001", retry.Complaint.Id);
        Assert.AreEqual(ComplaintState.Received, (await Backend.Complaints.GetAsync("c-001", Ct))?.State);
        Assert.AreEqual(item.Id, (await Backend.LeaseEventuallyAsync(1, Ct)).Single().Item.Id);
        Assert.IsNull(await Backend.Complaints.GetAsync("c-002", Ct));
    }

    [TestMethod]
    public async Task LeaseAsync_DuplicateMessagesForOneItem_LeasedOnceAtATime()
    {
        var item = await SeedAsync("c-001");
        Backend.Time.Advance(Backend.Options.Outbox.SweepAfter);
        Assert.AreEqual(1, await Outbox.RecoverAsync(Ct), "a second message for the same item");

        var leases = new List<OutboxLease>();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(3))
        {
            leases.AddRange(await Outbox.LeaseAsync(10, Backend.Options.Outbox.LeaseTime, Ct));
        }

        Assert.AreEqual(item.Id, leases.Single().Item.Id);
    }

    [TestMethod]
    public async Task CompleteAsync_CrashBeforeMessageDelete_ItemIsNotHandledAgain()
    {
        var item = await SeedAsync("c-001");
        Azure.Restart(new FailingQueueClient(Azure.Options, failDelete: true));
        var before = new RecordingHandler();
        await CrashAsync(() => StorageBackend.RunUntilAsync(Backend.CreateWorker(before), () => false, Ct));

        Backend.Restart();
        Backend.Time.Advance(Backend.Options.Outbox.LeaseTime);
        var after = new RecordingHandler();
        var worker = Backend.CreateWorker(after);
        var queue = new QueueClient(Azure.Options.ConnectionString, Azure.Options.QueueName);
        await StorageBackend.RunUntilAsync(worker, async () => (await queue.GetPropertiesAsync(Ct)).Value.ApproximateMessagesCount == 0, Ct);

        Assert.AreEqual(1, before.CountFor(item.Id));
        Assert.AreEqual(0, after.CountFor(item.Id));
        Assert.AreEqual(0, (await queue.GetPropertiesAsync(Ct)).Value.ApproximateMessagesCount, "the orphan message was deleted");
    }

    private protected override async Task<StorageBackend> CreateBackendAsync() => await AzureBackend.CreateAsync();

    /// <summary>A queue whose process "dies" when sending or deleting a message.</summary>
    private sealed class FailingQueueClient(StorageOptions options, bool failSend = false, bool failDelete = false)
        : QueueClient(options.ConnectionString, options.QueueName)
    {
        public override Task<Response<SendReceipt>> SendMessageAsync(
            string messageText, TimeSpan? visibilityTimeout = null, TimeSpan? timeToLive = null, CancellationToken cancellationToken = default) =>
            failSend ? throw new SimulatedCrashException() : base.SendMessageAsync(messageText, visibilityTimeout, timeToLive, cancellationToken);

        public override Task<Response> DeleteMessageAsync(string messageId, string popReceipt, CancellationToken cancellationToken = default) =>
            failDelete ? throw new SimulatedCrashException() : base.DeleteMessageAsync(messageId, popReceipt, cancellationToken);
    }
}
