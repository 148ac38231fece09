using TeamsEscalationBot.Contracts;

namespace TeamsEscalationBot.Features.TeamsIntake;

internal static class TeamsIntakeServiceCollectionExtensions
{
    /// <summary>The community managers' door in Teams: chat commands and the intake card.</summary>
    public static IServiceCollection AddTeamsIntake(this IServiceCollection services)
    {
        services.AddSingleton<ComplaintStatusView>();
        services.AddSingleton<ChatCommandHandler>();
        services.AddSingleton<ICardActionHandler, TeamsIntakeHandler>();
        return services;
    }
}
