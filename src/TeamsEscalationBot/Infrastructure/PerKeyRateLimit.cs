using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace TeamsEscalationBot.Infrastructure;

/// <summary>
/// The rate limit of the APIs called with a key: a token bucket per key, refilled every minute; over it, 429 with
/// <c>Retry-After</c> as problem details, so a client knows when to come back.
/// </summary>
internal static class PerKeyRateLimit
{
    public static RateLimitPartition<string> Partition(string? key, int perMinute) =>
        RateLimitPartition.GetTokenBucketLimiter(
            key ?? "anonymous",
            _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = perMinute,
                TokensPerPeriod = perMinute,
                ReplenishmentPeriod = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            });

    public static async ValueTask RejectAsync(OnRejectedContext context, string title)
    {
        ArgumentNullException.ThrowIfNull(context);
        var wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);
        var seconds = (int)Math.Max(1, Math.Ceiling(wait.TotalSeconds));
        context.HttpContext.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await Results.Problem(
            statusCode: StatusCodes.Status429TooManyRequests,
            title: title,
            detail: $"Try again in {seconds} s.").ExecuteAsync(context.HttpContext);
    }
}
