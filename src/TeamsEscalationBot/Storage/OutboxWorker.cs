using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using TeamsEscalationBot.Storage.Leases;

namespace TeamsEscalationBot.Storage;

/// <summary>
/// Leases due outbox items and hands each to the <see cref="IOutboxHandler"/> of its kind, at most
/// <see cref="OutboxOptions.MaxParallelism"/> lanes at a time, leasing more as lanes end (up to
/// <see cref="OutboxOptions.BatchSize"/> items in flight) so that the slots stay busy. Retries back off exponentially
/// with jitter, and never sooner than the handler's RetryAfter (a peer's Retry-After); after
/// <see cref="OutboxOptions.MaxAttempts"/> failed attempts, or on a permanent failure, the item is dead-lettered and logged at Error, and a handler that is an
/// <see cref="IOutboxDeadLetterHandler"/> is told first so the complaint records it.
/// </summary>
internal sealed class OutboxWorker : BackgroundService
{
    /// <summary>Failed attempts after which an item stops holding back the later items of its lane.</summary>
    public const int OrderPatience = 3;

    private readonly IOutbox outbox;
    private readonly Dictionary<string, IOutboxHandler> handlers;
    private readonly OutboxOptions options;
    private readonly OutboxSignal signal;
    private readonly TimeProvider timeProvider;
    private readonly ILogger<OutboxWorker> logger;
    private readonly ILeadership leadership;
    private readonly IOutboxHandlerScope? scope;
    private readonly OutboxHeldLanes heldLanes = new();
    private readonly OutboxLaneRunner runner;
    private volatile bool moreDue;

    public OutboxWorker(
        IOutbox outbox,
        IEnumerable<IOutboxHandler> handlers,
        IOptions<StorageOptions> options,
        OutboxSignal signal,
        TimeProvider timeProvider,
        ILogger<OutboxWorker> logger,
        ILeadership? leadership = null,
        IEnumerable<IOutboxHandlerScope>? scopes = null)
    {
        ArgumentNullException.ThrowIfNull(handlers);
        ArgumentNullException.ThrowIfNull(options);
        this.outbox = outbox;
        this.leadership = leadership ?? new SoleLeadership();
        this.options = options.Value.Outbox;
        this.signal = signal;
        this.timeProvider = timeProvider;
        this.logger = logger;
        scope = scopes?.LastOrDefault();
        runner = new OutboxLaneRunner(this.options.MaxParallelism, RunLaneAsync, ex => StorageLog.OutboxLaneFailed(logger, ex), LaneEnded);
        this.handlers = new Dictionary<string, IOutboxHandler>(StringComparer.Ordinal);
        foreach (var handler in handlers)
        {
            if (!this.handlers.TryAdd(handler.Kind, handler))
            {
                throw new InvalidOperationException($"Two outbox handlers are registered for kind '{handler.Kind}'.");
            }
        }
    }

    /// <summary>
    /// Leases one batch (up to <see cref="OutboxOptions.BatchSize"/> items, at most
    /// <see cref="OutboxOptions.MaxPerComplaint"/> of one complaint) and handles it lane by lane: a complaint's items of
    /// one lane one after the other in the order they were written, different lanes side by side,
    /// <see cref="OutboxOptions.MaxParallelism"/> at a time, and returns when all of them are handled. Returns how many
    /// items were leased; rethrows what a lane threw. Tests call it; the background loop leases the same way but does not
    /// wait for a batch to end.
    /// </summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var (leased, lanes) = await LeaseAndStartAsync(Capacity, cancellationToken);
        if ((await Task.WhenAll(lanes)).FirstOrDefault(failure => failure is not null) is { } failed)
        {
            ExceptionDispatchInfo.Throw(failed);
        }

        return leased;
    }

    /// <summary>Items in flight the worker keeps at most: leased, running or waiting for a slot or their lane.</summary>
    private int Capacity => Math.Max(options.BatchSize, options.MaxParallelism);

    /// <summary>Leases up to <paramref name="count"/> due items and queues their lanes on the runner.</summary>
    private async Task<(int Leased, Task<Exception?>[] Lanes)> LeaseAndStartAsync(int count, CancellationToken cancellationToken)
    {
        var leases = await outbox.LeaseAsync(count, options.MaxPerComplaint, options.LeaseTime, cancellationToken);
        if (leases.Count == 0)
        {
            return (0, []);
        }

        heldLanes.Forget(timeProvider.GetUtcNow());
        var plan = OutboxLanePlan.Of(leases, KindLane, KindCoalesces);
        return (leases.Count, [.. plan.Select(lane => runner.Start(lane, cancellationToken))]);
    }

    /// <summary>The room (a quarter of <see cref="Capacity"/>) that is worth a lease.</summary>
    private int LowWater => Math.Max(1, Capacity / 4);

    /// <summary>
    /// While the last lease found work there is probably more due: wake the loop as soon as there is room for a lease
    /// again, rather than at the next poll.
    /// </summary>
    private void LaneEnded(int itemsInFlight)
    {
        if (moreDue && Capacity - itemsInFlight >= LowWater)
        {
            signal.Notify();
        }
    }

    /// <summary>
    /// Drains only while this instance leads (<see cref="ILeadership"/>): one drainer per deployment keeps the Connector
    /// budget in one place. Work in flight when the term ends is cancelled and left to its outbox lease.
    /// </summary>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.WorkerEnabled)
        {
            return;
        }

        while (await leadership.NextTermAsync(stoppingToken) is { } term)
        {
            using var duringTerm = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, term);
            await DrainAsync(duringTerm.Token);
        }
    }

    /// <summary>
    /// Leases and queues work until <paramref name="cancellationToken"/> (the host's stop or the term's end), as much as
    /// there is room for; then waits for new work, for room, or for the next poll. Returns once the lanes in flight
    /// have ended.
    /// </summary>
    private async Task DrainAsync(CancellationToken cancellationToken)
    {
        var nextSweep = timeProvider.GetUtcNow();
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (timeProvider.GetUtcNow() >= nextSweep)
                {
                    nextSweep = timeProvider.GetUtcNow() + options.SweepInterval;
                    var recovered = await outbox.RecoverAsync(cancellationToken);
                    if (recovered > 0)
                    {
                        StorageLog.OutboxRecovered(logger, recovered);
                    }
                }

                // Leasing only when a quarter of the room is free keeps each lease worth its storage round trip.
                var room = Capacity - runner.ItemsInFlight;
                moreDue = true;
                if (room >= LowWater)
                {
                    moreDue = (await LeaseAndStartAsync(room, cancellationToken)).Leased > 0;
                }

                await signal.WaitAsync(options.PollInterval, timeProvider, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
#pragma warning disable CA1031 // The loop must survive a storage outage; it logs and polls again.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                StorageLog.OutboxPollFailed(logger, ex);
                await Task.Delay(options.PollInterval, timeProvider, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }

        await runner.WhenAllEndedAsync();
    }

    /// <summary>
    /// One lane of one batch: superseded items completed, then the items in order until one has to wait; that one and
    /// the lane's later items go back (no attempt counted for the later ones) so that none overtakes it.
    /// </summary>
    private async ValueTask RunLaneAsync(OutboxLanePlan lane, CancellationToken cancellationToken)
    {
        foreach (var (superseded, latest) in lane.Superseded)
        {
            await outbox.CompleteAsync(superseded, cancellationToken);
            StorageLog.OutboxItemCoalesced(logger, superseded.Item.Kind, superseded.Item.Id, superseded.Item.ComplaintId, latest.Item.Id);
            Infrastructure.Telemetry.OutboxItems.Add(1, new("kind", superseded.Item.Kind), new("outcome", "coalesced"));
        }

        var held = heldLanes.Until(lane.Key, timeProvider.GetUtcNow());
        for (var i = 0; i < lane.Items.Count; i++)
        {
            if (held is { } until)
            {
                await HoldAsync(lane.Items[i], until, "an earlier item of its complaint waits", cancellationToken);
                continue;
            }

            held = await ProcessAsync(lane.Items[i], cancellationToken);
            if (held is { } heldUntil)
            {
                heldLanes.Hold(lane.Key, heldUntil);
            }
        }
    }

    private async Task HoldAsync(OutboxLease lease, DateTimeOffset until, string reason, CancellationToken cancellationToken)
    {
        var item = lease.Item;
        var delay = until - timeProvider.GetUtcNow();
        if (await outbox.DeferAsync(lease, until, cancellationToken))
        {
            StorageLog.OutboxItemDeferred(logger, item.Kind, item.Id, item.ComplaintId, delay, reason);
        }
        else
        {
            StorageLog.OutboxLeaseLost(logger, item.Kind, item.Id, item.ComplaintId);
        }
    }

    /// <summary>Handles one item and records its result; returns the instant its lane must wait for, if it must.</summary>
    private async Task<DateTimeOffset?> ProcessAsync(OutboxLease lease, CancellationToken cancellationToken)
    {
        var item = lease.Item;
        if (!handlers.TryGetValue(item.Kind, out var handler))
        {
            await FailAsync(lease, $"No outbox handler is registered for kind '{item.Kind}'.", cancellationToken);
            return null;
        }

        OutboxResult result;
        using var trace = Infrastructure.Telemetry.Source.StartActivity($"outbox {item.Kind}");
        trace?.SetTag("escalations.complaint.id", item.ComplaintId);
        trace?.SetTag("escalations.outbox.attempt", item.Attempt + 1);
        var started = timeProvider.GetTimestamp();
        using (var leaseTimeout = new CancellationTokenSource(options.LeaseTime, timeProvider))
        using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, leaseTimeout.Token))
        {
            try
            {
                result = scope is null
                    ? await handler.HandleAsync(item, linked.Token)
                    : await scope.RunAsync(item, token => handler.HandleAsync(item, token), linked.Token);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Shutting down: the lease runs out and the item is handed out again.
                return null;
            }
#pragma warning disable CA1031 // A handler bug or a transport error is one failed attempt, retried with backoff.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                StorageLog.OutboxHandlerThrew(logger, item.Kind, item.Id, item.ComplaintId, ex);
                result = OutboxResult.Retry($"{ex.GetType().Name}: {ex.Message}");
            }
        }

        var outcome = result switch { OutboxDone => "done", OutboxFailed => "failed", OutboxDeferred => "deferred", _ => "retry" };
        trace?.SetTag("escalations.outbox.outcome", outcome);
        Infrastructure.Telemetry.OutboxItems.Add(1, new("kind", item.Kind), new("outcome", outcome));
        Infrastructure.Telemetry.OutboxDuration.Record(timeProvider.GetElapsedTime(started).TotalMilliseconds, new KeyValuePair<string, object?>("kind", item.Kind));
        return await ApplyAsync(lease, result, cancellationToken);
    }

    /// <summary>
    /// Records the result; returns the instant the item's lane waits for: a deferred item's, or a retried item's while
    /// it has failed fewer than <see cref="OrderPatience"/> times (an item that keeps failing stops holding its lane).
    /// </summary>
    private async Task<DateTimeOffset?> ApplyAsync(OutboxLease lease, OutboxResult result, CancellationToken cancellationToken)
    {
        var item = lease.Item;
        switch (result)
        {
            case OutboxDone:
                await outbox.CompleteAsync(lease, cancellationToken);
                StorageLog.OutboxItemDone(logger, item.Kind, item.Id, item.ComplaintId, item.Attempt + 1);
                return null;
            case OutboxFailed failed:
                await FailAsync(lease, failed.Reason, cancellationToken);
                return null;
            case OutboxDeferred deferred:
                var until = timeProvider.GetUtcNow() + deferred.After;
                await HoldAsync(lease, until, deferred.Reason, cancellationToken);
                return until;
            case OutboxRetry retry when item.Attempt + 1 >= options.MaxAttempts:
                await FailAsync(lease, $"Gave up after {item.Attempt + 1} attempts. Last error: {retry.Reason}", cancellationToken);
                return null;
            case OutboxRetry retry:
                // A Retry-After is a floor, not the plan: the backoff still grows, so a peer that keeps answering with a
                // short Retry-After (Graph, a callback receiver, a 503) spends the attempts over minutes, not seconds.
                // Teams' own 429s do not come here: they are throttling, put back without an attempt.
                var backoff = OutboxBackoff.Delay(item.Attempt + 1, options.BaseDelay, options.MaxDelay, NextRandom());
                var delay = retry.After is { } after && after > backoff ? after : backoff;
                var notBefore = timeProvider.GetUtcNow() + delay;
                if (await outbox.RescheduleAsync(lease, notBefore, retry.Reason, cancellationToken))
                {
                    StorageLog.OutboxItemRetry(logger, item.Kind, item.Id, item.ComplaintId, item.Attempt + 1, delay, retry.Reason);
                }
                else
                {
                    StorageLog.OutboxLeaseLost(logger, item.Kind, item.Id, item.ComplaintId);
                }

                return item.Attempt + 1 < OrderPatience ? notBefore : null;
            default:
                throw new InvalidOperationException($"Unknown outbox result {result.GetType().Name}.");
        }
    }

    public override void Dispose()
    {
        base.Dispose();
        runner.Dispose();
    }

    private string? KindLane(string kind) => handlers.TryGetValue(kind, out var handler) ? handler.Lane : null;

    private bool KindCoalesces(string kind) => handlers.TryGetValue(kind, out var handler) && handler.Coalesces;

    private async Task FailAsync(OutboxLease lease, string reason, CancellationToken cancellationToken)
    {
        var item = lease.Item;
        await TellDeadLetterHandlerAsync(item, reason, cancellationToken);
        if (await outbox.FailAsync(lease, reason, cancellationToken))
        {
            StorageLog.OutboxItemFailed(logger, item.Kind, item.Id, item.ComplaintId, item.Attempt + 1, reason);
        }
        else
        {
            StorageLog.OutboxLeaseLost(logger, item.Kind, item.Id, item.ComplaintId);
        }
    }

    /// <summary>Before the item is put aside, so that a crash in between leaves it to be tried (and told) again.</summary>
    private async Task TellDeadLetterHandlerAsync(OutboxItem item, string reason, CancellationToken cancellationToken)
    {
        if (!handlers.TryGetValue(item.Kind, out var handler) || handler is not IOutboxDeadLetterHandler deadLetters)
        {
            return;
        }

        using var leaseTimeout = new CancellationTokenSource(options.LeaseTime, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, leaseTimeout.Token);
        try
        {
            await deadLetters.OnDeadLetteredAsync(item, reason, linked.Token);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // The item is dead-lettered anyway; the failure to record it is logged at Error.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            StorageLog.OutboxDeadLetterHandlerThrew(logger, item.Kind, item.Id, item.ComplaintId, ex);
        }
    }

#pragma warning disable CA5394 // Jitter spreads retries; it needs no cryptographic randomness.
    private static double NextRandom() => Random.Shared.NextDouble();
#pragma warning restore CA5394
}
