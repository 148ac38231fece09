using Microsoft.Extensions.Logging.Testing;
using TeamsEscalationBot.Storage;
using TeamsEscalationBot.Storage.Leases;
using TeamsEscalationBot.TestHarness;

namespace TeamsEscalationBot.IntegrationTests.Storage;

/// <summary>The outbox worker drains only during a term of this instance's leadership.</summary>
[TestClass]
public sealed class OutboxLeadershipTests
{
    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Ct => TestContext.CancellationToken;

    [TestMethod]
    public async Task Worker_OnlyDuringATerm_Drains()
    {
        await using var backend = new SqliteBackend();
        var handler = new RecordingHandler();
        var leadership = new ManualLeadership();
        using var worker = new OutboxWorker(
            backend.Outbox, [handler], Microsoft.Extensions.Options.Options.Create(backend.Options), backend.Signal, backend.Time, new FakeLogger<OutboxWorker>(), leadership);
        var first = TestComplaints.PostCard("c-001");
        await backend.Complaints.CreateAsync(TestComplaints.New("c-001"), [first], Ct);

        await worker.StartAsync(Ct);
        try
        {
            await leadership.Waiting.WaitAsync(Ct);
            Assert.IsEmpty(handler.Deliveries, "a standby does not drain");

            var term = leadership.Begin();
            await Eventually.UntilAsync(_ => Task.FromResult(handler.CountFor(first.Id) == 1), Ct, because: "for the leader to drain");

            var waitingAgain = leadership.ExpectWait();
            await term.CancelAsync();
            await waitingAgain.WaitAsync(Ct);
            var second = TestComplaints.PostCard("c-002");
            await backend.Complaints.CreateAsync(TestComplaints.New("c-002"), [second], Ct);

            Assert.AreEqual(0, handler.CountFor(second.Id), "after its term the instance waits for the next one, whatever is written");
            using var nextTerm = leadership.Begin();
            await Eventually.UntilAsync(_ => Task.FromResult(handler.CountFor(second.Id) == 1), Ct, because: "for the next term to drain");
            term.Dispose();
        }
        finally
        {
            await worker.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>Leadership the test hands out and takes back; says when the worker waits for a term.</summary>
    private sealed class ManualLeadership : ILeadership
    {
        private readonly Lock sync = new();
        private TaskCompletionSource waiting = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private TaskCompletionSource<CancellationToken> next = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string InstanceId => "manual";

        public bool IsLeader { get; private set; }

        /// <summary>Completes when the worker waits for a term (set anew by <see cref="ExpectWait"/>).</summary>
        public Task Waiting
        {
            get
            {
                lock (sync)
                {
                    return waiting.Task;
                }
            }
        }

        public Task ExpectWait()
        {
            lock (sync)
            {
                waiting = new(TaskCreationOptions.RunContinuationsAsynchronously);
                return waiting.Task;
            }
        }

        public CancellationTokenSource Begin()
        {
            var term = new CancellationTokenSource();
            term.Token.Register(() => IsLeader = false);
            IsLeader = true;
            TaskCompletionSource<CancellationToken> started;
            lock (sync)
            {
                started = next;
                next = new(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            started.TrySetResult(term.Token);
            return term;
        }

        public Task<CancellationToken> WaitForTermAsync(CancellationToken cancellationToken)
        {
            Task<CancellationToken> term;
            lock (sync)
            {
                term = next.Task;
                waiting.TrySetResult();
            }

            return term.WaitAsync(cancellationToken);
        }
    }
}
