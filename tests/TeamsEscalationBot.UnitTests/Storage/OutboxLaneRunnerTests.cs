using System.Collections.Concurrent;
using TeamsEscalationBot.Storage;

namespace TeamsEscalationBot.UnitTests.Storage;

/// <summary>The outbox worker's lanes run as slots free up: a slow lane holds only itself, a lane's later work waits for it.</summary>
[TestClass]
public sealed class OutboxLaneRunnerTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task Start_OneLaneSlow_OtherLanesEndMeanwhile()
    {
        var slow = new TaskCompletionSource();
        var ended = new ConcurrentQueue<string>();
        using var runner = new OutboxLaneRunner(
            maxParallelism: 2,
            async (lane, _) =>
            {
                if (lane.Key.ComplaintId == "slow")
                {
                    await slow.Task;
                }

                ended.Enqueue(lane.Key.ComplaintId);
            },
            _ => { },
            _ => { });

        var slowRun = runner.Start(Lane("slow", 1), TestContext.CancellationToken);
        var others = Enumerable.Range(0, 5).Select(i => runner.Start(Lane($"c{i}", 1), TestContext.CancellationToken)).ToArray();
        await Task.WhenAll(others).WaitAsync(Bound, TestContext.CancellationToken);

        Assert.IsFalse(slowRun.IsCompleted, "the slow lane is still running");
        Assert.HasCount(5, ended, "five lanes ran through the other slot while one waited");
        Assert.AreEqual(1, runner.ItemsInFlight);
        slow.SetResult();
        Assert.IsNull(await slowRun.WaitAsync(Bound, TestContext.CancellationToken));
        Assert.AreEqual(0, runner.ItemsInFlight);
    }

    [TestMethod]
    public async Task Start_SameLaneLeasedAgainWhileRunning_RunsAfterIt()
    {
        var first = new TaskCompletionSource();
        var order = new ConcurrentQueue<string>();
        using var runner = new OutboxLaneRunner(
            maxParallelism: 4,
            async (lane, _) =>
            {
                order.Enqueue($"start {lane.Items[0].Item.Id}");
                if (lane.Items[0].Item.Id == "first")
                {
                    await first.Task;
                }

                order.Enqueue($"end {lane.Items[0].Item.Id}");
            },
            _ => { },
            _ => { });

        var running = runner.Start(Lane("c1", 1, id: "first"), TestContext.CancellationToken);
        var later = runner.Start(Lane("c1", 1, id: "later"), TestContext.CancellationToken);
        await Task.Delay(50, TestContext.CancellationToken);
        Assert.IsFalse(later.IsCompleted, "the later item of the lane waits for the running one");

        first.SetResult();
        await Task.WhenAll(running, later).WaitAsync(Bound, TestContext.CancellationToken);

        CollectionAssert.AreEqual(new[] { "start first", "end first", "start later", "end later" }, order.ToArray());
    }

    [TestMethod]
    public async Task Start_LaneThrows_ToldAndReturnedAndTheLanesNextWorkStillRuns()
    {
        var told = new ConcurrentQueue<Exception>();
        var ran = new ConcurrentQueue<string>();
        using var runner = new OutboxLaneRunner(
            maxParallelism: 1,
            (lane, _) =>
            {
                ran.Enqueue(lane.Items[0].Item.Id);
                return lane.Items[0].Item.Id == "broken" ? throw new InvalidOperationException("storage said no") : ValueTask.CompletedTask;
            },
            told.Enqueue,
            _ => { });

        var broken = runner.Start(Lane("c1", 1, id: "broken"), TestContext.CancellationToken);
        var next = runner.Start(Lane("c1", 1, id: "next"), TestContext.CancellationToken);

        var failure = await broken.WaitAsync(Bound, TestContext.CancellationToken);
        Assert.IsNull(await next.WaitAsync(Bound, TestContext.CancellationToken));
        Assert.IsInstanceOfType<InvalidOperationException>(failure);
        Assert.AreSame(failure, told.Single());
        CollectionAssert.AreEqual(new[] { "broken", "next" }, ran.ToArray());
    }

    [TestMethod]
    public async Task Start_LanesEnd_ToldTheItemsStillInFlight()
    {
        var left = new ConcurrentQueue<int>();
        using var runner = new OutboxLaneRunner(maxParallelism: 1, (_, _) => ValueTask.CompletedTask, _ => { }, left.Enqueue);

        await Task.WhenAll(runner.Start(Lane("c1", 3), TestContext.CancellationToken), runner.Start(Lane("c2", 2), TestContext.CancellationToken))
            .WaitAsync(Bound, TestContext.CancellationToken);
        await runner.WhenAllEndedAsync().WaitAsync(Bound, TestContext.CancellationToken);

        // The two lanes may end on different threads, so the calls may come in either order.
        var told = left.Order().ToList();
        Assert.HasCount(2, told);
        Assert.AreEqual(0, told[0], "nothing in flight once both lanes ended");
        Assert.IsTrue(told[1] is 2 or 3, $"after the first lane ended, the other one's items: {told[1]}");
    }

    [TestMethod]
    public async Task Start_Cancelled_LaneEndsWithoutFailure()
    {
        using var stop = new CancellationTokenSource();
        var told = new ConcurrentQueue<Exception>();
        using var runner = new OutboxLaneRunner(
            maxParallelism: 1,
            async (_, token) => await Task.Delay(Timeout.InfiniteTimeSpan, token),
            told.Enqueue,
            _ => { });

        var run = runner.Start(Lane("c1", 1), stop.Token);
        await stop.CancelAsync();

        Assert.IsNull(await run.WaitAsync(Bound, TestContext.CancellationToken));
        Assert.IsEmpty(told, "stopping is not a failure");
    }

    private static OutboxLanePlan Lane(string complaintId, int items, string? id = null) =>
        new(
            new OutboxLaneKey(complaintId, null),
            [.. Enumerable.Range(0, items).Select(i => new OutboxLease(new OutboxItem(id ?? $"{complaintId}-{i:D4}", "thread-reply", complaintId, "{}", At), "t", At.AddMinutes(1)))],
            []);
}
