namespace TeamsEscalationBot.Storage;

/// <summary>
/// Runs the outbox worker's lanes as slots free up rather than round by round, so that one slow item (a call waiting
/// out a 429, a timeout) holds up only its own lane, never the other lanes' work or the Connector budget. Items of a
/// lane that is still running when they are leased start after it ends: a complaint's items of one lane still go one
/// after the other, in the order they were written.
/// </summary>
internal sealed class OutboxLaneRunner : IDisposable
{
    private readonly SemaphoreSlim slots;
    private readonly Func<OutboxLanePlan, CancellationToken, ValueTask> runLane;
    private readonly Action<Exception> laneFailed;
    private readonly Action<int> laneEnded;
    private readonly Dictionary<OutboxLaneKey, (Task Tail, int Runs)> lanes = [];
    private readonly Lock gate = new();
    private int itemsInFlight;

    /// <param name="maxParallelism">Lanes running at once.</param>
    /// <param name="runLane">Performs one lane's items.</param>
    /// <param name="laneFailed">Told what a lane threw other than its cancellation (its items stay leased and come back).</param>
    /// <param name="laneEnded">Told the items still in flight each time a lane ends.</param>
    public OutboxLaneRunner(
        int maxParallelism, Func<OutboxLanePlan, CancellationToken, ValueTask> runLane, Action<Exception> laneFailed, Action<int> laneEnded)
    {
        slots = new SemaphoreSlim(maxParallelism, maxParallelism);
        this.runLane = runLane;
        this.laneFailed = laneFailed;
        this.laneEnded = laneEnded;
    }

    /// <summary>Leased items not yet handled: running, or waiting for a slot or for their lane.</summary>
    public int ItemsInFlight => Volatile.Read(ref itemsInFlight);

    /// <summary>
    /// Queues one lane's items; the task ends when they have been handled, with what the lane threw (already told to
    /// the failure callback), if anything. It never throws.
    /// </summary>
    public Task<Exception?> Start(OutboxLanePlan lane, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lane);
        var count = lane.Items.Count + lane.Superseded.Count;
        Interlocked.Add(ref itemsInFlight, count);
        lock (gate)
        {
            var (previous, runs) = lanes.GetValueOrDefault(lane.Key, (Task.CompletedTask, 0));

            // On the thread pool, so that the lane's first steps do not run under the lock.
            Task<Exception?> run = Task.Run(() => RunAfterAsync(previous, lane, count, cancellationToken), CancellationToken.None);
            lanes[lane.Key] = (run, runs + 1);
            return run;
        }
    }

    /// <summary>Ends when every lane queued so far has ended.</summary>
    public Task WhenAllEndedAsync()
    {
        lock (gate)
        {
            return Task.WhenAll(lanes.Values.Select(l => l.Tail).ToArray());
        }
    }

    public void Dispose() => slots.Dispose();

    private async Task<Exception?> RunAfterAsync(Task previous, OutboxLanePlan lane, int count, CancellationToken cancellationToken)
    {
        try
        {
            await previous;
            await slots.WaitAsync(cancellationToken);
            try
            {
                await runLane(lane, cancellationToken);
            }
            finally
            {
                slots.Release();
            }

            return null;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: the items' leases run out and they are handed out again.
            return null;
        }
#pragma warning disable CA1031 // A storage failure ends this lane only; its items stay leased and come back.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            laneFailed(ex);
            return ex;
        }
        finally
        {
            Ended(lane.Key, count);
        }
    }

    private void Ended(OutboxLaneKey key, int count)
    {
        lock (gate)
        {
            var (tail, runs) = lanes[key];
            if (runs == 1)
            {
                lanes.Remove(key);
            }
            else
            {
                lanes[key] = (tail, runs - 1);
            }
        }

        laneEnded(Interlocked.Add(ref itemsInFlight, -count));
    }
}
