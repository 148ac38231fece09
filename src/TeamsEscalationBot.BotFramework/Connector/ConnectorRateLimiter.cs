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

    private static PartitionedRateLimiter<string> PerThread(int permits, TimeSpan window) =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetSlidingWindowLimiter(key, _ => Window(permits, window)));

    /// <summary>A sliding window rather than a token bucket: a bucket's burst would let a full second exceed the budget.</summary>
    private static PartitionedRateLimiter<string> App(int requestsPerSecond) =>
        PartitionedRateLimiter.Create<string, string>(_ => RateLimitPartition.GetSlidingWindowLimiter("app", _ => Window(requestsPerSecond, TimeSpan.FromSeconds(1))));

    private static SlidingWindowRateLimiterOptions Window(int permits, TimeSpan window) => new()
    {
        PermitLimit = permits,
        Window = window,
        SegmentsPerWindow = 10,
        QueueLimit = 10_000,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        // The partitioned limiter replenishes all its partitions from one timer; a timer per conversation would not scale.
        AutoReplenishment = false,
    };

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
