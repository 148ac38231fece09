using Microsoft.Extensions.DependencyInjection.Extensions;
using TeamsEscalationBot.Contracts;

namespace TeamsEscalationBot.Features.TeamsIntake;

internal static class TeamsIntakeServiceCollectionExtensions
{
    /// <summary>The community managers' door in Teams: chat commands, the intake card and the "my complaints" card.</summary>
    public static IServiceCollection AddTeamsIntake(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ComplaintListCardBuilder>();
        services.AddSingleton<ComplaintStatusView>();
        services.AddSingleton<ChatCommandHandler>();
        services.AddSingleton<ICardActionHandler, TeamsIntakeHandler>();
        return services;
    }
}
