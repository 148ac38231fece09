using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using TeamsEscalationBot.Storage;

namespace TeamsEscalationBot.Features.Sla;

internal static class SlaServiceCollectionExtensions
{
    /// <summary>
    /// Service levels: the <c>Sla</c> policies (validated on start), the recorder the complaint stores call with every
    /// write (clocks, indexed instants, card refreshes at band changes), and the <c>overdue</c> chat command.
    /// </summary>
    public static IServiceCollection AddSla(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<SlaOptions>().Bind(configuration.GetSection(SlaOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SlaOptions>, SlaOptionsValidator>();
        services.AddOptions<SlaEscalationOptions>().Bind(configuration.GetSection(SlaEscalationOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SlaEscalationOptions>, SlaEscalationOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ISlaRecorder, SlaRecorder>();
        services.AddSingleton<OverdueCardBuilder>();
        services.AddSingleton<OverdueCommand>();
        return services;
    }
}
