using TeamsEscalationBot.BotFramework.Hosting;

namespace TeamsEscalationBot.Features.Bot;

internal static class BotServiceCollectionExtensions
{
    /// <summary>The protocol layer plus this service's bot: installs, chat commands and card actions.</summary>
    public static IServiceCollection AddEscalationBot(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddAgent<EscalationBot>(configuration);
        return services;
    }
}
