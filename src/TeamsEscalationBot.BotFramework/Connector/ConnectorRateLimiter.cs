using System.Net;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using TeamsEscalationBot.BotFramework.Hosting;

namespace TeamsEscalationBot.BotFramework.Connector;

/// <summary>
/// Keeps the bot under Teams' documented limits before Teams has to answer 429: per thread (a 1:1 chat, group chat or
/// channel) 7 requests per second, 8 per 2 seconds and 60 per 30 seconds, and the whole app under a configurable
/// budget. Callers wait in line (bounded); a caller that cannot get a turn in time gets a local 429.
/// </summary>
internal sealed class ConnectorRateLimiter : IDisposable
{
    /// <summary>Just under the 100 ms tick on which a partitioned limiter replenishes its partitions.</summary>
    private static readonly TimeSpan SharedTickSegment = TimeSpan.FromMilliseconds(90);

    private readonly PartitionedRateLimiter<string> _limiter;
    private readonly TimeSpan _queueTimeout;

    public ConnectorRateLimiter(IOptions<BotFrameworkOptions> options)
    {
        var settings = options.Value;
        _queueTimeout = settings.RateLimitQueueTimeout;
        _limiter = PartitionedRateLimiter.CreateChained(
            PerThread(7, TimeSpan.FromSeconds(1)),
            PerThread(8, TimeSpan.FromSeconds(2)),
            PerThread(60, TimeSpan.FromSeconds(30)),
            App(settings.TenantRequestsPerSecond));
    }

    public async ValueTask<RateLimitLease> AcquireAsync(string threadKey, CancellationToken cancellationToken)
    {
        // A free permit is taken without waiting (and without a timer); only a caller who must wait joins the queue.
        var immediate = _limiter.AttemptAcquire(threadKey);
        if (immediate.IsAcquired || _queueTimeout == TimeSpan.Zero)
        {
            return immediate;
        }

        immediate.Dispose();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_queueTimeout);
        try
        {
            return await _limiter.AcquireAsync(threadKey, 1, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return RejectedLease.Instance;
        }
    }

    public void Dispose() => _limiter.Dispose();

    /// <summary>
    /// One limiter per thread, replenished together by the partitioned limiter's own 100 ms timer (a timer per
    /// conversation would not scale). A segment only slides when a full segment length has passed at a tick, so segments
    /// are kept just under the tick: every tick slides one, and a window lasts at most 10 % longer than Teams' — on the
    /// safe side — instead of skipping every other tick and granting a third less than the limit.
    /// </summary>
    private static PartitionedRateLimiter<string> PerThread(int permits, TimeSpan window) =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetSlidingWindowLimiter(key, _ => new SlidingWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = window,
            SegmentsPerWindow = Math.Max(1, (int)Math.Ceiling(window / SharedTickSegment)),
            QueueLimit = 10_000,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = false,
        }));

    /// <summary>
    /// A token bucket refilled in small steps, so no second ever holds much more than the budget (a bucket of a
    /// whole second could burst twice the budget across a second's boundary), with a timer of its own: there is one such
    /// partition. Sliding windows were tried here and granted only about two thirds of the budget under a queue of waiters
    /// (measured by the benchmark's limiter scenario).
    /// </summary>
    private static PartitionedRateLimiter<string> App(int requestsPerSecond)
    {
        var tokensPerStep = Math.Max(1, (int)Math.Ceiling(requestsPerSecond / 10.0));
        var step = TimeSpan.FromSeconds((double)tokensPerStep / requestsPerSecond);
        return PartitionedRateLimiter.Create<string, string>(_ => RateLimitPartition.GetTokenBucketLimiter("app", _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = tokensPerStep,
            TokensPerPeriod = tokensPerStep,
            ReplenishmentPeriod = step,
            QueueLimit = 10_000,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        }));
    }

    private sealed class RejectedLease : RateLimitLease
    {
        public static readonly RejectedLease Instance = new();

        public override bool IsAcquired => false;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}

/// <summary>Applies <see cref="ConnectorRateLimiter"/> to every attempt of a Connector call, retries included.</summary>
internal sealed class ConnectorRateLimitHandler(ConnectorRateLimiter limiter) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var key = request.Options.TryGetValue(ConnectorRequestOptions.ConversationKey, out var value) ? value : "unknown";
        using var lease = await limiter.AcquireAsync(key, cancellationToken);
        if (!lease.IsAcquired)
        {
            return new HttpResponseMessage(HttpStatusCode.TooManyRequests)
            {
                RequestMessage = request,
                Headers = { RetryAfter = new(TimeSpan.FromSeconds(1)) },
                Content = new StringContent("""{"error":{"code":"ClientRateLimited","message":"The bot's own rate limiter is saturated."}}"""),
            };
        }

        return await base.SendAsync(request, cancellationToken);
    }
}
