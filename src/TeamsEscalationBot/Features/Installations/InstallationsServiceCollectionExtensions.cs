using Microsoft.Extensions.DependencyInjection.Extensions;
using TeamsEscalationBot.Storage;

namespace TeamsEscalationBot.Features.Installations;

internal static class InstallationsServiceCollectionExtensions
{
    /// <summary>
    /// Where the bot is installed: the installation store of the configured storage provider, the recorder the bot
    /// calls on every activity, and the start-up step that trusts the stored service URLs again.
    /// </summary>
    public static IServiceCollection AddInstallations(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddStore<IInstallationStore, SqliteInstallationStore, AzureBlobInstallationStore>();
        services.AddSingleton<InstallationRecorder>();
        services.AddSingleton<PersonalChats>();
        services.AddHostedService<TrustedServiceUrlSeeder>();
        return services;
    }
}
