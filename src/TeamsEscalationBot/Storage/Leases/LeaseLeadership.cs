using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace TeamsEscalationBot.Storage.Leases;

/// <summary>
/// Leadership held through the lease <see cref="LeaseName"/> in the shared storage (<see cref="ILeaseStore"/>). The first
/// attempt is made while the host starts, so a lone instance leads from its first request on. A leader renews every third
/// of <see cref="LeadershipOptions.LeaseTime"/> and its term ends when a renewal is refused or when none succeeded in time
/// (a tenth of the lease before it would run out, so the term is over before anyone else can take the lease). A standby
/// tries to take the lease every sixth of the lease time. A graceful stop ends the term and releases the lease, so a
/// standby takes over at its next try.
/// </summary>
internal sealed partial class LeaseLeadership : ILeadership, IHostedService, IDisposable
{
    public const string LeaseName = "leader";

    private readonly ILeaseStore store;
    private readonly TimeProvider time;
    private readonly ILogger<LeaseLeadership> logger;
    private readonly Lock sync = new();
    private TaskCompletionSource<CancellationToken> nextTerm = NewTermSource();
    private CancellationTokenSource? term;
    private CancellationTokenSource? stopping;
    private Task? loop;
    private bool disposed;

    public LeaseLeadership(ILeaseStore store, IOptions<StorageOptions> options, TimeProvider time, ILogger<LeaseLeadership> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.store = store;
        this.time = time;
        this.logger = logger;
        var settings = options.Value.Leadership;
        LeaseTime = settings.LeaseTime;
        InstanceId = string.IsNullOrWhiteSpace(settings.InstanceId) ? DefaultInstanceId() : settings.InstanceId;
    }

    public string InstanceId { get; }

    public TimeSpan LeaseTime { get; }

    /// <summary>How often the leader renews: a third of the lease time.</summary>
    public TimeSpan RenewInterval => LeaseTime / 3;

    /// <summary>How often a standby tries to take the lease: a sixth of the lease time.</summary>
    public TimeSpan AcquireInterval => LeaseTime / 6;

    /// <summary>How long before the lease would run out the term ends without a renewal: a tenth of the lease time.</summary>
    public TimeSpan SafetyMargin => LeaseTime / 10;

    public bool IsLeader
    {
        get
        {
            lock (sync)
            {
                return term is { IsCancellationRequested: false };
            }
        }
    }

    public async Task<CancellationToken> WaitForTermAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task<CancellationToken> next;
            lock (sync)
            {
                if (term is { IsCancellationRequested: false } current)
                {
                    return current.Token;
                }

                next = nextTerm.Task;
            }

            var token = await next.WaitAsync(cancellationToken);
            if (!token.IsCancellationRequested)
            {
                return token;
            }
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await AttemptAsync(cancellationToken);
        var stop = new CancellationTokenSource();
        lock (sync)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            stopping = stop;
            loop = Task.Run(() => RunAsync(stop.Token), CancellationToken.None);
        }
    }

    /// <summary>Stops the loop, ends the term after the work that waited for it has stopped, and releases the lease.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        CancellationTokenSource? stop;
        Task? running;
        lock (sync)
        {
            (stop, running) = (stopping, loop);
            (stopping, loop) = (null, null);
        }

        if (stop is null || running is null)
        {
            return;
        }

        await stop.CancelAsync();
        await running.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        stop.Dispose();
        EndCurrentTerm(reason: null);

        // Released even when the term already ended (a renewal that came too late under load): the lease may still name
        // this instance, and a standby should not wait for it to run out. The store only releases a lease this
        // instance holds.
        try
        {
            if (await store.ReleaseAsync(LeaseName, InstanceId, cancellationToken))
            {
                LogReleased(logger, InstanceId);
            }
        }
#pragma warning disable CA1031 // Stopping goes on; the lease then runs out by itself and a standby takes over after it.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogReleaseFailed(logger, InstanceId, ex);
        }
    }

    /// <summary>
    /// One step of the background loop: the leader renews, a standby tries to acquire. Returns how long to wait before the
    /// next step. The loop calls it, so can tests (with a fake clock, without the loop).
    /// </summary>
    public async Task<TimeSpan> AttemptAsync(CancellationToken cancellationToken)
    {
        CancellationTokenSource? current;
        lock (sync)
        {
            current = term is { IsCancellationRequested: false } active ? active : null;
        }

        var asked = time.GetTimestamp();
        try
        {
            if (current is not null)
            {
                if (await store.RenewAsync(LeaseName, InstanceId, LeaseTime, cancellationToken))
                {
                    if (!Extend(current, Remaining(asked)))
                    {
                        // The term ran out while the renewal was on its way, yet the lease is still this instance's.
                        BeginTerm(asked, takenOverFrom: null);
                    }

                    return RenewInterval;
                }

                EndTerm(current, "the lease was taken by another instance");
                return AcquireInterval;
            }

            var claim = await store.TryAcquireAsync(LeaseName, InstanceId, LeaseTime, cancellationToken);
            if (!claim.Acquired)
            {
                return AcquireInterval;
            }

            BeginTerm(asked, claim.TakenOverFrom);
            return RenewInterval;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // Storage may be away for a while: the term ends on time by itself; the next step tries again.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogAttemptFailed(logger, InstanceId, current is not null, ex);
            return current is not null ? SafetyMargin : AcquireInterval;
        }
    }

    /// <summary>Ends the term and the loop without a release (a host that was not stopped): the lease runs out by itself.</summary>
    public void Dispose()
    {
        CancellationTokenSource? stop;
        lock (sync)
        {
            if (disposed)
            {
                return;
            }

            disposed = true;
            stop = stopping;
            stopping = null;
            loop = null;
        }

        EndCurrentTerm(reason: null);
        stop?.Cancel();
        stop?.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var wait = IsLeader ? RenewInterval : AcquireInterval;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(wait, time, cancellationToken);
                wait = await AttemptAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>Starts a term that lasts until the lease, asked for at <paramref name="asked"/>, is about to run out.</summary>
    private void BeginTerm(long asked, string? takenOverFrom)
    {
        var source = new CancellationTokenSource(Remaining(asked), time);
        TaskCompletionSource<CancellationToken> waiters;
        lock (sync)
        {
            if (disposed)
            {
                source.Dispose();
                return;
            }

            term = source;
            waiters = nextTerm;
            nextTerm = NewTermSource();
        }

        // Runs when the term ends for any reason; when the timer ended it, this is where that is noticed and logged.
        source.Token.UnsafeRegister(static state => ((LeaseLeadership)((object[])state!)[0]).EndTerm((CancellationTokenSource)((object[])state)[1], "the lease could not be renewed in time"), new object[] { this, source });
        if (takenOverFrom is null)
        {
            LogGained(logger, InstanceId, LeaseTime);
        }
        else
        {
            LogTakenOver(logger, InstanceId, takenOverFrom, LeaseTime);
        }

        waiters.TrySetResult(source.Token);
    }

    /// <summary>Moves the end of the term; false when it has already ended.</summary>
    private static bool Extend(CancellationTokenSource current, TimeSpan remaining)
    {
        current.CancelAfter(remaining);
        return !current.IsCancellationRequested;
    }

    /// <summary>Until a tenth of the lease before it runs out, counted from when it was asked for (the service counts from later).</summary>
    private TimeSpan Remaining(long asked)
    {
        var left = LeaseTime - SafetyMargin - time.GetElapsedTime(asked);
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    /// <summary>Ends the current term, if any; a null <paramref name="reason"/> is a stop, which logs nothing here.</summary>
    private CancellationTokenSource? EndCurrentTerm(string? reason)
    {
        CancellationTokenSource? current;
        lock (sync)
        {
            current = term;
        }

        return current is not null && EndTerm(current, reason) ? current : null;
    }

    private bool EndTerm(CancellationTokenSource ended, string? reason)
    {
        lock (sync)
        {
            if (!ReferenceEquals(term, ended))
            {
                return false;
            }

            term = null;
        }

        if (reason is not null)
        {
            LogLost(logger, InstanceId, reason);
        }

        // Outside the lock: the work loops' linked tokens run their callbacks here. The source is not disposed, since
        // work may still link to its (cancelled) token; it holds no timer once cancelled.
        ended.Cancel();
        return true;
    }

    private static TaskCompletionSource<CancellationToken> NewTermSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static string DefaultInstanceId()
    {
        var machine = new string(Environment.MachineName.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-').ToArray());
        var suffix = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(3));
        var id = string.Create(CultureInfo.InvariantCulture, $"{machine}-{Environment.ProcessId}-{suffix}");
        return id.Length <= 128 ? id : id[^128..];
    }

    [LoggerMessage(EventId = 4201, Level = LogLevel.Information, Message = "Instance {InstanceId} is the leader (lease time {LeaseTime})")]
    private static partial void LogGained(ILogger logger, string instanceId, TimeSpan leaseTime);

    [LoggerMessage(EventId = 4202, Level = LogLevel.Warning, Message = "Instance {InstanceId} took over the leadership from {PreviousInstanceId}, whose lease ran out without a release (lease time {LeaseTime})")]
    private static partial void LogTakenOver(ILogger logger, string instanceId, string previousInstanceId, TimeSpan leaseTime);

    [LoggerMessage(EventId = 4203, Level = LogLevel.Warning, Message = "Instance {InstanceId} is no longer the leader: {Reason}")]
    private static partial void LogLost(ILogger logger, string instanceId, string reason);

    [LoggerMessage(EventId = 4204, Level = LogLevel.Information, Message = "Instance {InstanceId} released the leadership")]
    private static partial void LogReleased(ILogger logger, string instanceId);

    [LoggerMessage(EventId = 4205, Level = LogLevel.Warning, Message = "Instance {InstanceId} could not release the leadership; another instance takes over when the lease runs out")]
    private static partial void LogReleaseFailed(ILogger logger, string instanceId, Exception exception);

    [LoggerMessage(EventId = 4206, Level = LogLevel.Warning, Message = "Instance {InstanceId}: the leadership lease did not answer (leader: {IsLeader}); trying again")]
    private static partial void LogAttemptFailed(ILogger logger, string instanceId, bool isLeader, Exception exception);
}
