using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using TeamsEscalationBot.Contracts;
using TeamsEscalationBot.Features.Complaints;
using TeamsEscalationBot.Storage;

namespace TeamsEscalationBot.Features.Crises;

internal static class CrisesServiceCollectionExtensions
{
    /// <summary>
    /// Reputation crises (docs/crises.md): the <c>Crises</c> options (validated on start), the crisis store (SQLite or
    /// Azure blobs), detection at intake (<see cref="CrisisWatch"/>, which also answers the complaint card's badge), the
    /// alert worker, the alert cards and the "Mark as handled" action.
    /// </summary>
    public static IServiceCollection AddCrises(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<CrisesOptions>().Bind(configuration.GetSection(CrisesOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<CrisesOptions>, CrisesOptionsValidator>();
        services.AddStore<ICrisisStore, SqliteCrisisStore, AzureBlobCrisisStore>();
        services.TryAddSingleton<CrisisSignal>();
        services.TryAddSingleton<CrisisWatch>();
        services.Replace(ServiceDescriptor.Singleton<IComplaintCrises>(sp => sp.GetRequiredService<CrisisWatch>()));
        services.TryAddSingleton<CrisisCardBuilder>();
        services.TryAddSingleton<CrisisDelivery>();
        services.TryAddSingleton<CrisisAlertWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<CrisisAlertWorker>());
        services.AddSingleton<ICardActionHandler, CrisisActionHandler>();
        return services;
    }
}
