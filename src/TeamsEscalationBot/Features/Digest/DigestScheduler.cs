using TeamsEscalationBot.Storage.Leases;

namespace TeamsEscalationBot.Features.Digest;

/// <summary>
/// Sends the scheduled digests, once a minute, while this instance holds the leadership term. Each pass records every
/// digest that fell due since the last pass (one unique record per recipient, cadence and period; whoever records it
/// sends it) and then delivers every pending record that is due, so a send recorded but not delivered (a crash, a
/// failed attempt) is retried. The instant each pass looked up to is stored: after a restart, a digest whose hour fell
/// while the service was down is sent at once, marked late (only the latest period of each cadence).
/// </summary>
internal sealed partial class DigestScheduler(
    DigestRecipients recipients,
    IDigestSendStore store,
    DigestDelivery delivery,
    ILeadership leadership,
    TimeProvider time,
    ILogger<DigestScheduler> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    /// <summary>A digest recorded more than this after its hour was missed (the service was not running): the card says it is late.</summary>
    public static readonly TimeSpan LateAfter = TimeSpan.FromMinutes(15);

    /// <summary>Pending sends delivered per pass at most; the rest wait for the next pass.</summary>
    public const int MaxSendsPerPass = 200;

    private readonly SemaphoreSlim _wake = new(0, 1);
    private long _lastPassTicks;

    /// <summary>The clock's instant at the end of the last completed pass (diagnostics; null before the first).</summary>
    public DateTimeOffset? LastPassAt => Interlocked.Read(ref _lastPassTicks) is var ticks and > 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (await leadership.NextTermAsync(stoppingToken) is { } term)
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, term);
            try
            {
                await RunTermAsync(linked.Token);
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                LogTermEnded(logger, leadership.InstanceId);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task RunTermAsync(CancellationToken cancellationToken)
    {
        // Read again in every term: another instance may have looked further meanwhile.
        DateTimeOffset? checkedUntil = null;
        while (true)
        {
            try
            {
                checkedUntil = await PassAsync(checkedUntil, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogPassFailed(logger, ex);
            }

            await WaitForNextPassAsync(cancellationToken);
        }
    }

    /// <summary>Runs the next pass now rather than at the end of the minute (a pass already running is followed by one more).</summary>
    public void Wake()
    {
        lock (_wake)
        {
            if (_wake.CurrentCount == 0)
            {
                _wake.Release();
            }
        }
    }

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }

    private async Task WaitForNextPassAsync(CancellationToken cancellationToken)
    {
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(Interval, time, waiting.Token);
        var woken = _wake.WaitAsync(waiting.Token);
        await Task.WhenAny(delay, woken);
        await waiting.CancelAsync();
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            await Task.WhenAll(delay, woken);
        }
        catch (OperationCanceledException)
        {
            // The other of the two was cancelled: expected.
        }
    }

    /// <summary>One pass; returns the instant it looked up to.</summary>
    private async Task<DateTimeOffset> PassAsync(DateTimeOffset? checkedUntil, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        // Before the very first pass nothing was missed: only what falls due from now on is sent.
        var since = checkedUntil ?? await store.GetCheckedUntilAsync(cancellationToken) ?? now;
        foreach (var recipient in await recipients.ListAsync(cancellationToken))
        {
            foreach (var cadence in recipient.Cadences)
            {
                var due = DigestSchedule.Latest(cadence, now, recipient.TimeZone, recipient.LocalHour, recipient.WeeklyDay);
                if (due.DueAt <= since)
                {
                    continue;
                }

                var send = DigestSend.For(recipient, due, now, late: now - due.DueAt > LateAfter);
                if (await store.TryAddAsync(send, cancellationToken))
                {
                    LogRecorded(logger, cadence, recipient.AadObjectId, due.FirstDay, send.Late);
                }
            }
        }

        if (checkedUntil is null || now > since)
        {
            await store.SetCheckedUntilAsync(now, cancellationToken);
        }

        foreach (var pending in await store.ListDueAsync(now, MaxSendsPerPass, cancellationToken))
        {
            await delivery.DeliverAsync(pending, cancellationToken);
        }

        Interlocked.Exchange(ref _lastPassTicks, now.UtcTicks);
        return now > since ? now : since;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Cadence} digest of {FirstDay} for {Recipient} recorded (late: {Late})")]
    private static partial void LogRecorded(ILogger logger, DigestCadence cadence, string recipient, DateOnly firstDay, bool late);

    [LoggerMessage(Level = LogLevel.Error, Message = "A digest pass failed; the next pass tries again")]
    private static partial void LogPassFailed(ILogger logger, Exception error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Instance {InstanceId} is no longer the leader: the digest scheduler stands by")]
    private static partial void LogTermEnded(ILogger logger, string instanceId);
}
