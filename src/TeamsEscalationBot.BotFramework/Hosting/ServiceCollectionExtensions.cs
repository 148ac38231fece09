using System.Security.Cryptography.X509Certificates;
using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using TeamsEscalationBot.BotFramework.Authentication;
using TeamsEscalationBot.BotFramework.Builder;
using TeamsEscalationBot.BotFramework.Connector;

namespace TeamsEscalationBot.BotFramework.Hosting;

public static class ServiceCollectionExtensions
{
    /// <summary>Name of the trace source of the protocol layer, for OpenTelemetry.</summary>
    public const string TraceSourceName = "TeamsEscalationBot.BotFramework";

    /// <summary>
    /// Registers the protocol layer and <typeparamref name="TAgent"/> as the <see cref="IAgent"/> of each request; the
    /// host maps the endpoint with <see cref="AgentEndpointExtensions.MapAgentEndpoints"/>.
    /// </summary>
    public static IServiceCollection AddAgent<TAgent>(this IServiceCollection services, IConfiguration configuration)
        where TAgent : class, IAgent
    {
        services.AddAgentCore(configuration);
        services.AddScoped<IAgent, TAgent>();
        return services;
    }

    /// <summary>
    /// The protocol layer without an agent: options (section <c>Bot</c>, validated on start), inbound authentication,
    /// the Connector client with retries, rate limits and tokens, and the <see cref="IAgentHttpAdapter"/>.
    /// </summary>
    public static IServiceCollection AddAgentCore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<BotFrameworkOptions>()
            .Bind(configuration.GetSection(BotFrameworkOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IPostConfigureOptions<BotFrameworkOptions>, BotFrameworkOptionsDefaults>();
        services.AddSingleton<IValidateOptions<BotFrameworkOptions>, BotFrameworkOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);

        services.AddHttpClient(BotSigningKeyCache.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(30))
            .AddResilienceHandler("bot-openid-metadata", b => UseWallClock(b).AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = 2,
                Delay = TimeSpan.FromMilliseconds(200),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
            }));
        services.AddSingleton<BotSigningKeyCache>();
        services.AddSingleton<ServiceUrlTrust>();
        // Token lifetimes are judged on the system clock, as IdentityModel does by default; the key schedule follows TimeProvider.
        services.AddSingleton(new ValidatedTokenCache(TimeProvider.System));
        services.AddSingleton<BotAuthenticator>();

        // The credential depends on configuration, so it is built by hand; tests replace it with a fake.
        services.TryAddSingleton(sp => new BotCredential(CreateCredential(sp.GetRequiredService<IOptions<BotFrameworkOptions>>().Value)));
        services.AddSingleton<ConnectorRateLimiter>();
        services.AddTransient<ConnectorRateLimitHandler>();
        services.AddTransient<BotTokenHandler>();
        AddConnectorClient(services);
        services.AddSingleton<IAgentHttpAdapter, CloudAdapter>();
        return services;
    }

    private static void AddConnectorClient(IServiceCollection services)
    {
        var client = services.AddHttpClient<IConnectorClient, ConnectorClient>()
            // No redirects: a redirect must never carry the bot's token to another host.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            .ConfigureHttpClient(c => c.Timeout = Timeout.InfiniteTimeSpan);
        client.AddResilienceHandler("bot-connector", (builder, context) => ConnectorResilience.Configure(
            UseWallClock(builder), context.ServiceProvider.GetRequiredService<IOptions<BotFrameworkOptions>>().Value, context.ServiceProvider));
        // Inside the retries, so every attempt waits for its turn and carries a current token.
        client.AddHttpMessageHandler<ConnectorRateLimitHandler>()
            .AddHttpMessageHandler<BotTokenHandler>();
    }

    /// <summary>
    /// Network backoff and timeouts run on real time even when the application's <see cref="TimeProvider"/> is replaced
    /// (tests fake business time; a fake clock must not freeze an HTTP retry).
    /// </summary>
    private static ResiliencePipelineBuilder<HttpResponseMessage> UseWallClock(ResiliencePipelineBuilder<HttpResponseMessage> builder)
    {
        builder.TimeProvider = TimeProvider.System;
        return builder;
    }

    private static TokenCredential? CreateCredential(BotFrameworkOptions options) => options.CredentialType switch
    {
        BotCredentialType.ManagedIdentity => new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(options.AppId!)),
        BotCredentialType.ClientSecret => new ClientSecretCredential(options.TenantId, options.AppId, options.ClientSecret),
        BotCredentialType.Certificate => new ClientCertificateCredential(options.TenantId, options.AppId, X509CertificateLoader.LoadPkcs12FromFile(options.CertificatePath!, null)),
        _ => null,
    };
}
