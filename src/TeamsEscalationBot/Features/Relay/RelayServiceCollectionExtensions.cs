using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using TeamsEscalationBot.Contracts;
using TeamsEscalationBot.Storage;

namespace TeamsEscalationBot.Features.Relay;

internal static class RelayServiceCollectionExtensions
{
    /// <summary>
    /// The way back to the community manager: <c>Relay</c> options (validated on start), the relay card, the
    /// <c>relay</c>, <c>relay-member</c>, <c>relay-withdrawn</c> and <c>callback</c> outbox handlers, the
    /// <c>relay.accept</c> / <c>relay.sendBack</c> card actions, who an answer is addressed to (for what they may see of
    /// the complaint) and the callbacks' own HTTP client.
    /// </summary>
    public static IServiceCollection AddRelay(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<RelayOptions>().Bind(configuration.GetSection(RelayOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RelayOptions>, RelayOptionsValidator>();
        services.AddCallbackHttpClient();
        services.AddSingleton<RelayCardBuilder>();
        services.AddSingleton<RelayDelivery>();
        services.AddSingleton<RelayRecorder>();
        services.AddSingleton<RelayAddressees>();
        services.Replace(ServiceDescriptor.Singleton<Complaints.IComplaintAddressees>(sp => sp.GetRequiredService<RelayAddressees>()));
        services.AddSingleton<RelayPermissions>();
        services.AddSingleton<IOutboxHandler, RelayHandler>();
        services.AddSingleton<IOutboxHandler, RelayMemberHandler>();
        services.AddSingleton<IOutboxHandler, CallbackHandler>();
        services.AddSingleton<IOutboxHandler, RelayWithdrawnHandler>();
        services.AddSingleton<ICardActionHandler, RelayActionHandler>();
        return services;
    }
}
