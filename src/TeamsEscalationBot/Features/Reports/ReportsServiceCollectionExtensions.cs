using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace TeamsEscalationBot.Features.Reports;

internal static class ReportsServiceCollectionExtensions
{
    /// <summary>The report API: report-key (or intake-key) authentication, a per-key rate limit, the summary reader.</summary>
    public static IServiceCollection AddReports(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<ReportOptions>().Bind(configuration.GetSection(ReportOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ReportOptions>, ReportOptionsValidator>();
        services.AddSingleton<ReportKeyRing>();
        services.AddSingleton<ReportSummaries>();
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, ReportKeyAuthenticationHandler>(ReportKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder().AddPolicy(ReportEndpoints.Policy, p => p
            .AddAuthenticationSchemes(ReportKeyAuthenticationHandler.SchemeName)
            .RequireClaim(ReportKeyAuthenticationHandler.KeyClaim));
        services.AddRateLimiter(options => options.AddPolicy(ReportEndpoints.Policy, new PerKeyPolicy()));
        return services;
    }

    /// <summary>A token bucket per key, refilled every minute; over it, 429 with Retry-After as problem details.</summary>
    private sealed class PerKeyPolicy : IRateLimiterPolicy<string>
    {
        public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => RejectAsync;

        public RateLimitPartition<string> GetPartition(HttpContext httpContext)
        {
            var perMinute = httpContext.RequestServices.GetRequiredService<IOptions<ReportOptions>>().Value.RequestsPerMinute;
            return RateLimitPartition.GetTokenBucketLimiter(
                httpContext.User.FindFirstValue(ReportKeyAuthenticationHandler.KeyClaim) ?? "anonymous",
                _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = perMinute,
                    TokensPerPeriod = perMinute,
                    ReplenishmentPeriod = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
        }

        private static async ValueTask RejectAsync(OnRejectedContext context, CancellationToken cancellationToken)
        {
            var wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);
            var seconds = (int)Math.Max(1, Math.Ceiling(wait.TotalSeconds));
            context.HttpContext.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            await Results.Problem(
                statusCode: StatusCodes.Status429TooManyRequests,
                title: "Too many report requests for this key.",
                detail: $"Try again in {seconds} s.").ExecuteAsync(context.HttpContext);
        }
    }
}
