using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using TeamsEscalationBot.Infrastructure;

namespace TeamsEscalationBot.Features.Intake;

internal static class IntakeServiceCollectionExtensions
{
    /// <summary>The intake API: key authentication with each key bound to its sources, a per-key rate limit, and its part of the OpenAPI document.</summary>
    public static IServiceCollection AddIntake(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<IntakeOptions>().Bind(configuration.GetSection(IntakeOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<IntakeOptions>, IntakeOptionsValidator>();
        services.AddSingleton<IntakeKeyRing>();
        services.AddHostedService<LegacyIntakeKeysWarning>();
        services.Configure<OpenApiOptions>(OpenApiConventions.DocumentName, IntakeOpenApi.Apply);
        services.AddSingleton<RequesterResolver>();
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, IntakeKeyAuthenticationHandler>(IntakeKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder().AddPolicy(IntakeEndpoints.Policy, p => p
            .AddAuthenticationSchemes(IntakeKeyAuthenticationHandler.SchemeName)
            .RequireClaim(IntakeKeyAuthenticationHandler.KeyClaim));
        services.AddRateLimiter(options =>
        {
            options.AddPolicy(IntakeEndpoints.Policy, context => PerKey(context, context.RequestServices.GetRequiredService<IOptions<IntakeOptions>>().Value));
            options.OnRejected = RejectAsync;
        });
        return services;
    }

    private static RateLimitPartition<string> PerKey(HttpContext context, IntakeOptions options) =>
        PerKeyRateLimit.Partition(context.User.FindFirstValue(IntakeKeyAuthenticationHandler.KeyClaim), options.RequestsPerMinute);

    private static ValueTask RejectAsync(OnRejectedContext context, CancellationToken cancellationToken) =>
        PerKeyRateLimit.RejectAsync(context, "Too many requests for this intake key.");
}
