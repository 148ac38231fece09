using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using TeamsEscalationBot.Storage;

namespace TeamsEscalationBot.Features.Digest;

internal static class DigestServiceCollectionExtensions
{
    /// <summary>
    /// The executives' digest: <c>Digest</c> options (validated on start), its recipients (listed and from an Entra
    /// group), the record of scheduled sends (SQLite or Azure blobs, per <c>Storage:Provider</c>), the card, the
    /// delivery, the scheduler (a hosted service that works while this instance leads) and the <c>digest</c> command.
    /// </summary>
    public static IServiceCollection AddDigest(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<DigestOptions>().Bind(configuration.GetSection(DigestOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DigestOptions>, DigestOptionsValidator>();
        services.AddStore<IDigestSendStore, SqliteDigestSendStore, AzureBlobDigestSendStore>();
        services.AddSingleton<DigestRecipients>();
        services.AddSingleton<DigestCardBuilder>();
        services.TryAddSingleton<IDigestMessages, DigestMessages>();
        services.AddSingleton<DigestDelivery>();
        services.AddSingleton<DigestCommand>();
        services.AddSingleton<DigestScheduler>();
        services.AddHostedService(sp => sp.GetRequiredService<DigestScheduler>());
        return services;
    }
}
