using Microsoft.Extensions.Options;
using TeamsEscalationBot.Domain.Complaints;
using TeamsEscalationBot.Domain.Crises;
using TeamsEscalationBot.Domain.Routing;
using TeamsEscalationBot.Features.Complaints;

namespace TeamsEscalationBot.Features.Crises;

/// <summary>
/// Runs the crisis detector inline at intake, after the complaint is stored (docs/crises.md explains why). The
/// detector's state lives in the <see cref="ICrisisStore"/>: each change is written with a version check, and on a
/// conflict (another instance fed a complaint meanwhile) the state is read again and the change applied again, so
/// every instance agrees and a complaint fed twice changes nothing. Within one process, changes take turns. Intake
/// never fails or waits long for it: an error or a timeout is logged and the complaint is accepted all the same.
/// </summary>
internal sealed partial class CrisisWatch : IComplaintCrises, IDisposable
{
    private const int MaxAttempts = 8;

    /// <summary>How long a badge answer may come from the last state this process saw.</summary>
    private static readonly TimeSpan BadgeFreshness = TimeSpan.FromSeconds(1);

    private readonly ICrisisStore store;
    private readonly ComplaintRouter router;
    private readonly CrisesOptions options;
    private readonly CrisisOptions detectorOptions;
    private readonly CrisisSignal signal;
    private readonly TimeProvider time;
    private readonly ILogger<CrisisWatch> logger;
    private readonly SemaphoreSlim turn = new(1, 1);
    private CrisisDetector? detector;
    private string? version;
    private (CrisisDetectorSnapshot Snapshot, DateTimeOffset ReadAt)? lastSeen;

    public CrisisWatch(
        ICrisisStore store, ComplaintRouter router, IOptions<CrisesOptions> options, CrisisSignal signal, TimeProvider time, ILogger<CrisisWatch> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.store = store;
        this.router = router;
        this.options = options.Value;
        detectorOptions = options.Value.ToDetectorOptions();
        this.signal = signal;
        this.time = time;
        this.logger = logger;
    }

    public async Task ObserveAsync(Complaint complaint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(complaint);
        if (!options.Enabled)
        {
            return;
        }

        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(options.DetectionTimeout);
        try
        {
            var outcome = await ChangeAsync(d => d.Feed(IncomingComplaint.From(complaint)), budget.Token);
            switch (outcome.Kind)
            {
                case CrisisOutcomeKind.Opened:
                    LogOpened(logger, outcome.Crisis!.Id, outcome.Crisis.Trait.Kind, outcome.Crisis.ComplaintIds.Count, complaint.Id);
                    Infrastructure.Telemetry.CrisesOpened.Add(1, new KeyValuePair<string, object?>("trait", outcome.Crisis.Trait.Kind.ToString()));
                    break;
                case CrisisOutcomeKind.Joined:
                    LogJoined(logger, outcome.Crisis!.Id, complaint.Id, outcome.Crisis.ComplaintIds.Count);
                    break;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // Detection must never fail intake: the complaint is stored and its card is on its way.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogFeedFailed(logger, complaint.Id, ex);
        }
    }

    public async Task<bool> IsInOpenCrisisAsync(string complaintId, CancellationToken cancellationToken)
    {
        if (!options.Enabled)
        {
            return false;
        }

        try
        {
            var snapshot = await SnapshotAsync(cancellationToken);
            return snapshot.Crises.Any(c => c.State == CrisisState.Open && c.ComplaintIds.Contains(complaintId, StringComparer.Ordinal));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // A card without its badge is better than no card.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogBadgeFailed(logger, complaintId, ex);
            return false;
        }
    }

    /// <summary>The detector's state as stored now (or seen by this process within the last second).</summary>
    public async Task<CrisisDetectorSnapshot> SnapshotAsync(CancellationToken cancellationToken, bool fresh = false)
    {
        if (!fresh && lastSeen is { } seen && time.GetUtcNow() - seen.ReadAt < BadgeFreshness)
        {
            return seen.Snapshot;
        }

        var stored = await store.ReadDetectorAsync(cancellationToken);
        var snapshot = stored?.Value ?? new CrisisDetectorSnapshot();
        lastSeen = (snapshot, time.GetUtcNow());
        return snapshot;
    }

    /// <summary>Marks the crisis handled by <paramref name="by"/>; null when the detector no longer knows it.</summary>
    public Task<Crisis?> MarkHandledAsync(string crisisId, string by, CancellationToken cancellationToken) =>
        ChangeAsync(d => d.MarkHandled(crisisId, by, time.GetUtcNow()), cancellationToken);

    public void Dispose() => turn.Dispose();

    /// <summary>Applies <paramref name="change"/> to the stored state and writes it back at the version read; on a conflict, reads and applies again.</summary>
    private async Task<T> ChangeAsync<T>(Func<CrisisDetector, T> change, CancellationToken cancellationToken)
    {
        await turn.WaitAsync(cancellationToken);
        try
        {
            for (var attempt = 1; attempt <= MaxAttempts; attempt++)
            {
                if (detector is null)
                {
                    var stored = await store.ReadDetectorAsync(cancellationToken);
                    detector = new CrisisDetector(detectorOptions, router.Departments, stored?.Value);
                    version = stored?.Version;
                }

                var before = detector.ToSnapshot();
                var result = change(detector);
                var after = detector.ToSnapshot();
                if (Unchanged(before, after))
                {
                    return result;
                }

                var written = await store.TryWriteDetectorAsync(after, version, cancellationToken);
                if (written is not null)
                {
                    version = written;
                    lastSeen = (after, time.GetUtcNow());
                    signal.Notify();
                    return result;
                }

                // Another instance wrote first: forget what this one holds, read theirs and apply the change to it.
                detector = null;
                LogConflict(logger, attempt);
            }

            throw new InvalidOperationException($"The crisis detector's state kept changing; gave up after {MaxAttempts} attempts.");
        }
        catch
        {
            // Whatever the detector holds now may not be stored: read it again next time.
            detector = null;
            throw;
        }
        finally
        {
            turn.Release();
        }
    }

    /// <summary>A complaint seen before changes nothing (and needs no write).</summary>
    private static bool Unchanged(CrisisDetectorSnapshot before, CrisisDetectorSnapshot after) =>
        before.Clock == after.Clock && before.Recent.SequenceEqual(after.Recent, RecentEquality.Instance) && before.Crises.SequenceEqual(after.Crises);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Crisis {CrisisId} opened ({Trait}, {Complaints} complaints) by complaint {ComplaintId}")]
    private static partial void LogOpened(ILogger logger, string crisisId, CrisisTraitKind trait, int complaints, string complaintId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Complaint {ComplaintId} joined crisis {CrisisId}, now {Complaints} complaints")]
    private static partial void LogJoined(ILogger logger, string crisisId, string complaintId, int complaints);

    [LoggerMessage(Level = LogLevel.Error, Message = "Complaint {ComplaintId} was accepted, but crisis detection failed for it")]
    private static partial void LogFeedFailed(ILogger logger, string complaintId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Whether complaint {ComplaintId} is in a crisis could not be read; its card shows no badge")]
    private static partial void LogBadgeFailed(ILogger logger, string complaintId, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "The crisis detector's state changed meanwhile (attempt {Attempt}); reading it again")]
    private static partial void LogConflict(ILogger logger, int attempt);

    /// <summary>Recent entries compared by value, keywords included (records compare lists by reference).</summary>
    private sealed class RecentEquality : IEqualityComparer<RecentComplaint>
    {
        public static readonly RecentEquality Instance = new();

        public bool Equals(RecentComplaint? x, RecentComplaint? y) =>
            ReferenceEquals(x, y) || (x is not null && y is not null && x.Id == y.Id && x.CrisisId == y.CrisisId && x.At == y.At);

        public int GetHashCode(RecentComplaint obj) => HashCode.Combine(obj.Id, obj.CrisisId);
    }
}

/// <summary>Wakes the crisis alert worker when this process has just changed the detector's state.</summary>
internal sealed class CrisisSignal
{
    private readonly Storage.OutboxSignal inner = new();

    public void Notify() => inner.Notify();

    public Task WaitAsync(TimeSpan timeout, TimeProvider timeProvider, CancellationToken cancellationToken) =>
        inner.WaitAsync(timeout, timeProvider, cancellationToken);
}
