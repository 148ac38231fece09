using Microsoft.Extensions.DependencyInjection.Extensions;
using TeamsEscalationBot.Storage;

namespace TeamsEscalationBot.Features.Escalation;

internal static class EscalationServiceCollectionExtensions
{
    /// <summary>
    /// Reminders and escalation of late complaints (docs/sla.md): the scheduler (a pass every <c>Sla:Escalation:Interval</c>
    /// while this instance leads) and the outbox handlers that post the thread messages and the 1:1 cards. The options
    /// (<c>Sla:Escalation</c>) are bound and validated by <c>AddSla</c>.
    /// </summary>
    public static IServiceCollection AddEscalation(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<EscalationSteps>();
        services.AddSingleton<EscalationPass>();
        services.AddSingleton<IOutboxHandler, EscalationReplyHandler>();
        services.AddSingleton<IOutboxHandler, EscalationCardHandler>();
        services.AddHostedService<EscalationScheduler>();
        return services;
    }
}
