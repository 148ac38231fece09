using System.Security.Cryptography.X509Certificates;
using Azure.Core;
using Azure.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using TeamsEscalationBot.BotFramework.Authentication;
using TeamsEscalationBot.BotFramework.Builder;
using TeamsEscalationBot.BotFramework.Connector;

namespace TeamsEscalationBot.BotFramework.Hosting;

public static class BotFrameworkServiceCollectionExtensions
{
    /// <summary>Name of the trace source of the protocol layer, for OpenTelemetry.</summary>
    public const string TraceSourceName = "TeamsEscalationBot.BotFramework";

    /// <summary>
    /// Registers the protocol layer: options (section <c>Bot</c>, validated on start), inbound authentication, the
    /// Connector client with retries, rate limits and tokens, and the <see cref="CloudAdapter"/>. The host registers its
    /// <see cref="IBot"/> and maps the endpoint with <see cref="MapBotMessages"/>.
    /// </summary>
    public static IServiceCollection AddBotFramework(this IServiceCollection services, IConfiguration configuration)
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
        services.AddSingleton(sp => new BotSigningKeyCache(
            sp.GetRequiredService<IHttpClientFactory>(), sp.GetRequiredService<IOptions<BotFrameworkOptions>>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<BotSigningKeyCache>>()));
        services.AddSingleton(sp => new ServiceUrlTrust(sp.GetRequiredService<IOptions<BotFrameworkOptions>>()));
        services.AddSingleton(sp => new BotAuthenticator(
            sp.GetRequiredService<BotSigningKeyCache>(), sp.GetRequiredService<IOptions<BotFrameworkOptions>>(),
            sp.GetRequiredService<ServiceUrlTrust>(), sp.GetRequiredService<ILogger<BotAuthenticator>>()));

        services.TryAddSingleton(sp => new BotCredential(CreateCredential(sp.GetRequiredService<IOptions<BotFrameworkOptions>>().Value)));
        services.AddSingleton(sp => new BotTokenProvider(sp.GetRequiredService<BotCredential>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new ConnectorRateLimiter(sp.GetRequiredService<IOptions<BotFrameworkOptions>>()));
        services.AddTransient(sp => new ConnectorRateLimitHandler(sp.GetRequiredService<ConnectorRateLimiter>()));
        services.AddTransient(sp => new BotTokenHandler(sp.GetRequiredService<BotTokenProvider>(), sp.GetRequiredService<ServiceUrlTrust>()));
        AddConnectorClient(services);
        services.AddSingleton(sp => new CloudAdapter(
            sp.GetRequiredService<BotAuthenticator>(), sp.GetRequiredService<IConnectorClient>(), sp.GetRequiredService<ILogger<CloudAdapter>>()));
        return services;
    }

    /// <summary>Maps <c>POST /api/messages</c> (or <paramref name="pattern"/>) to the adapter and the registered <see cref="IBot"/>.</summary>
    public static IEndpointConventionBuilder MapBotMessages(this IEndpointRouteBuilder endpoints, string pattern = "/api/messages") =>
        endpoints.MapPost(pattern, (HttpContext context, CloudAdapter adapter, IBot bot) => adapter.ProcessAsync(context, bot, context.RequestAborted))
            .WithName("BotMessages")
            .ExcludeFromDescription();

    private static void AddConnectorClient(IServiceCollection services)
    {
        var client = services.AddHttpClient<IConnectorClient, ConnectorClient>((http, sp) => new ConnectorClient(http, sp.GetRequiredService<ServiceUrlTrust>()))
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
