using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using TeamsEscalationBot.Infrastructure;

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

        public RateLimitPartition<string> GetPartition(HttpContext httpContext) =>
            PerKeyRateLimit.Partition(
                httpContext.User.FindFirstValue(ReportKeyAuthenticationHandler.KeyClaim),
                httpContext.RequestServices.GetRequiredService<IOptions<ReportOptions>>().Value.RequestsPerMinute);

        private static ValueTask RejectAsync(OnRejectedContext context, CancellationToken cancellationToken) =>
            PerKeyRateLimit.RejectAsync(context, "Too many report requests for this key.");
    }
}
